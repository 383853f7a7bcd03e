//! Timestamps as scorecard files store them: RFC 3339 strings in UTC, to the second
//! (`2026-11-26T09:00:00Z`).

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time, UTC, whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub DateTime<Utc>);

impl Timestamp {
    /// Now, to the second.
    #[must_use]
    pub fn now() -> Self {
        Timestamp(Utc::now().trunc_subsecs(0))
    }

    /// Parses RFC 3339 (any offset; stored as UTC).
    pub fn parse(text: &str) -> Result<Self, String> {
        DateTime::parse_from_rfc3339(text.trim())
            .map(|t| Timestamp(t.with_timezone(&Utc)))
            .map_err(|_| {
                format!("`{text}` is not a timestamp; use RFC 3339 such as `2026-11-26T09:00:00Z`")
            })
    }

    /// The calendar date, for filters and display.
    #[must_use]
    pub fn date(self) -> chrono::NaiveDate {
        self.0.date_naive()
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::Secs, true))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Timestamp::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_in_utc_seconds() {
        let t = Timestamp::parse("2026-11-26T10:00:00+01:00").unwrap();
        assert_eq!(t.to_string(), "2026-11-26T09:00:00Z");
        assert!(Timestamp::parse("yesterday").is_err());
        assert_eq!(Timestamp::now().0.timestamp_subsec_nanos(), 0);
    }
}
