//! The command line's spelling of the library's enums: clap's `ValueEnum` for a question's level,
//! a scorecard's status and a recommendation, so that the library itself knows nothing of clap.
//! Each value is the type's own `as_str`, so flags and files spell them alike.

use clap::ValueEnum;
use clap::builder::PossibleValue;

use crate::bank::Level;
use crate::scorecard::{Recommendation, Status};

impl ValueEnum for Level {
    fn value_variants<'a>() -> &'a [Self] {
        &[Level::Junior, Level::Mid, Level::Senior, Level::Staff]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}

impl ValueEnum for Status {
    fn value_variants<'a>() -> &'a [Self] {
        &[Status::Draft, Status::Submitted]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}

impl ValueEnum for Recommendation {
    fn value_variants<'a>() -> &'a [Self] {
        &Recommendation::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        // The short forms the interview screen accepts work on the command line too.
        let short = match self {
            Recommendation::StrongNo => "sn",
            Recommendation::No => "n",
            Recommendation::Yes => "y",
            Recommendation::StrongYes => "sy",
        };
        Some(PossibleValue::new(self.as_str()).alias(short))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_parses_back_to_its_variant_and_recommendations_take_their_short_forms() {
        for level in Level::value_variants() {
            assert_eq!(Level::from_str(level.as_str(), false), Ok(*level));
        }
        for status in Status::value_variants() {
            assert_eq!(Status::from_str(status.as_str(), false), Ok(*status));
        }
        for (short, recommendation) in ["sn", "n", "y", "sy"].into_iter().zip(Recommendation::ALL) {
            assert_eq!(
                Recommendation::from_str(recommendation.as_str(), false),
                Ok(recommendation)
            );
            assert_eq!(Recommendation::from_str(short, false), Ok(recommendation));
        }
        assert!(Level::from_str("principal", false).is_err());
    }
}
