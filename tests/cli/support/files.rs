//! Workspace files written directly, for chosen ids, dates, names, scales and hostile values:
//! the contract's file formats, serialised by the `toml` crate.

use std::path::PathBuf;

use super::Env;

/// The built-in bank's labels for the 1-4 scale.
pub const STANDARD_LABELS: [&str; 4] = ["Strong no", "No", "Yes", "Strong yes"];

/// A uuid numbered `n` in a family (`8000` scorecards, `9000` plans): fixed, so tests can
/// name files and order them.
pub fn numbered_uuid(family: u32, n: u32) -> String {
    format!("01900000-0000-7000-{family:04}-{n:012}")
}

/// One answer of a [`CardFile`].
#[derive(Clone, Debug)]
pub struct AnswerFile {
    pub question: String,
    pub category: String,
    /// `None` is a skipped answer.
    pub score: Option<i64>,
    /// Written only for a rated answer.
    pub rated_at: Option<String>,
    pub notes: Option<String>,
    pub seconds: Option<u64>,
    pub covered: Vec<u32>,
}

impl AnswerFile {
    /// A rated answer (no time, notes or points).
    pub fn rated(question: &str, category: &str, score: i64) -> Self {
        AnswerFile {
            question: question.to_owned(),
            category: category.to_owned(),
            score: Some(score),
            rated_at: None,
            notes: None,
            seconds: None,
            covered: Vec::new(),
        }
    }

    /// A skipped answer.
    pub fn skipped(question: &str, category: &str) -> Self {
        AnswerFile {
            score: None,
            ..AnswerFile::rated(question, category, 0)
        }
    }

    pub fn notes(mut self, notes: &str) -> Self {
        self.notes = Some(notes.to_owned());
        self
    }

    pub fn rated_at(mut self, at: &str) -> Self {
        self.rated_at = Some(at.to_owned());
        self
    }

    pub fn seconds(mut self, seconds: Option<u64>) -> Self {
        self.seconds = seconds;
        self
    }

    pub fn covered(mut self, points: &[u32]) -> Self {
        self.covered = points.to_vec();
        self
    }

    fn to_table(&self) -> toml::Table {
        let mut t = toml::Table::new();
        t.insert("question".into(), self.question.clone().into());
        t.insert("category".into(), self.category.clone().into());
        match self.score {
            Some(score) => {
                t.insert("score".into(), score.into());
                t.insert("skipped".into(), false.into());
                if let Some(at) = &self.rated_at {
                    t.insert("rated_at".into(), at.clone().into());
                }
            }
            None => {
                t.insert("skipped".into(), true.into());
            }
        }
        if let Some(notes) = &self.notes {
            t.insert("notes".into(), notes.clone().into());
        }
        if let Some(seconds) = self.seconds {
            t.insert(
                "seconds".into(),
                i64::try_from(seconds).expect("seconds").into(),
            );
        }
        if !self.covered.is_empty() {
            let points: Vec<toml::Value> =
                self.covered.iter().map(|&p| i64::from(p).into()).collect();
            t.insert("covered".into(), points.into());
        }
        t
    }
}

/// A scorecard file written straight into `ws/candidates/<candidate_id>/`: the contract's file
/// format, serialised by the `toml` crate so any value (quotes, controls, bidi) is stored as is.
///
/// [`CardFile::new`] is a submitted `yes` scorecard on the 1-4 scale labelled `Level N`, bank
/// `generated`, started 2026-11-26T09:00:00Z and submitted an hour later, with numbered ids;
/// every field can be changed.
#[derive(Clone, Debug)]
pub struct CardFile {
    pub id: String,
    pub plan: String,
    pub candidate: String,
    pub candidate_id: String,
    pub role: String,
    pub round: Option<String>,
    pub interviewer: String,
    pub bank: String,
    pub started_at: String,
    /// `None` leaves the scorecard a draft.
    pub submitted_at: Option<String>,
    pub recommendation: String,
    pub summary: Option<String>,
    pub scale: (i64, i64),
    /// `None`: `Level N` for every level of the scale.
    pub labels: Option<Vec<String>>,
    /// (id, title, weight).
    pub categories: Vec<(String, String, f64)>,
    pub answers: Vec<AnswerFile>,
    /// Amendments of scores: (at, question, old score, new score, reason).
    pub history: Vec<(String, String, i64, i64, String)>,
}

impl CardFile {
    /// Scorecard `number` (its id, and its plan's id, are numbered) of `interviewer` on
    /// `candidate_id`, whose name is the id until [`CardFile::candidate`] sets one.
    pub fn new(number: u32, candidate_id: &str, interviewer: &str) -> Self {
        CardFile {
            id: numbered_uuid(8000, number),
            plan: numbered_uuid(9000, number),
            candidate: candidate_id.to_owned(),
            candidate_id: candidate_id.to_owned(),
            role: "Backend Engineer".to_owned(),
            round: None,
            interviewer: interviewer.to_owned(),
            bank: "generated".to_owned(),
            started_at: "2026-11-26T09:00:00Z".to_owned(),
            submitted_at: Some("2026-11-26T10:00:00Z".to_owned()),
            recommendation: "yes".to_owned(),
            summary: None,
            scale: (1, 4),
            labels: None,
            categories: Vec::new(),
            answers: Vec::new(),
            history: Vec::new(),
        }
    }

    /// Random (time-ordered) ids for the scorecard and its plan, as the binary makes them.
    pub fn fresh_ids(mut self) -> Self {
        self.id = uuid::Uuid::now_v7().to_string();
        self.plan = uuid::Uuid::now_v7().to_string();
        self
    }

    pub fn candidate(mut self, name: &str, role: &str) -> Self {
        name.clone_into(&mut self.candidate);
        role.clone_into(&mut self.role);
        self
    }

    pub fn recommendation(mut self, recommendation: &str) -> Self {
        recommendation.clone_into(&mut self.recommendation);
        self
    }

    pub fn scale(mut self, min: i64, max: i64) -> Self {
        self.scale = (min, max);
        self
    }

    /// Started at `at`, with every rated answer so far rated then too.
    pub fn started(mut self, at: &str) -> Self {
        at.clone_into(&mut self.started_at);
        for answer in &mut self.answers {
            if answer.score.is_some() {
                answer.rated_at = Some(at.to_owned());
            }
        }
        self
    }

    pub fn labels(mut self, labels: &[&str]) -> Self {
        self.labels = Some(labels.iter().map(|&l| l.to_owned()).collect());
        self
    }

    /// A category titled `Category ID`.
    pub fn category(mut self, id: &str, weight: f64) -> Self {
        self.categories
            .push((id.to_owned(), format!("Category {id}"), weight));
        self
    }

    /// A rated (`Some`) or skipped (`None`) answer, rated at 2026-11-26T09:30:00Z.
    pub fn answer(mut self, question: &str, category: &str, score: Option<i64>) -> Self {
        self.answers.push(match score {
            Some(score) => {
                AnswerFile::rated(question, category, score).rated_at("2026-11-26T09:30:00Z")
            }
            None => AnswerFile::skipped(question, category),
        });
        self
    }

    /// The file's text.
    pub fn toml(&self) -> String {
        let mut t = toml::Table::new();
        t.insert("schema".into(), 1.into());
        for (key, value) in [
            ("id", &self.id),
            ("plan", &self.plan),
            ("candidate", &self.candidate),
            ("candidate_id", &self.candidate_id),
            ("role", &self.role),
            ("interviewer", &self.interviewer),
            ("bank", &self.bank),
            ("started_at", &self.started_at),
        ] {
            t.insert(key.into(), value.clone().into());
        }
        if let Some(round) = &self.round {
            t.insert("round".into(), round.clone().into());
        }
        let status = if self.submitted_at.is_some() {
            "submitted"
        } else {
            "draft"
        };
        t.insert("status".into(), status.into());
        if let Some(at) = &self.submitted_at {
            t.insert("submitted_at".into(), at.clone().into());
            t.insert("recommendation".into(), self.recommendation.clone().into());
        }
        if let Some(summary) = &self.summary {
            t.insert("summary".into(), summary.clone().into());
        }
        t.insert(
            "scale".into(),
            scale_table(self.scale, self.labels.as_ref()).into(),
        );
        if !self.categories.is_empty() {
            t.insert("categories".into(), categories(&self.categories).into());
        }
        if !self.answers.is_empty() {
            let answers: Vec<toml::Value> =
                self.answers.iter().map(|a| a.to_table().into()).collect();
            t.insert("answers".into(), answers.into());
        }
        if !self.history.is_empty() {
            let history: Vec<toml::Value> = self
                .history
                .iter()
                .map(|(at, question, old, new, reason)| {
                    let mut h = toml::Table::new();
                    h.insert("at".into(), at.clone().into());
                    h.insert("question".into(), question.clone().into());
                    h.insert("old_score".into(), (*old).into());
                    h.insert("new_score".into(), (*new).into());
                    h.insert("reason".into(), reason.clone().into());
                    h.into()
                })
                .collect();
            t.insert("history".into(), history.into());
        }
        toml::to_string(&t).expect("a scorecard serialises")
    }

    /// Writes `ws/candidates/<candidate_id>/scorecard-<id>.toml`.
    pub fn write(&self, env: &Env) -> PathBuf {
        env.write(
            &format!(
                "ws/candidates/{}/scorecard-{}.toml",
                self.candidate_id, self.id
            ),
            self.toml(),
        )
    }
}

/// One question of a [`PlanFile`].
#[derive(Clone, Debug)]
pub struct QuestionFile {
    pub id: String,
    pub category: String,
    pub prompt: String,
    pub minutes: u32,
    pub expected: Vec<String>,
}

/// A plan file written straight into `ws/candidates/<candidate_id>/`, serialised like
/// [`CardFile`]. [`PlanFile::new`] is plan `number` (numbered id, the same number as the
/// [`CardFile`] of that number refers to) on bank `team`, 1-4 scale labelled `Level N`.
#[derive(Clone, Debug)]
pub struct PlanFile {
    pub id: String,
    pub created_at: String,
    pub candidate: String,
    pub candidate_id: String,
    pub role: String,
    pub seed: i64,
    /// (id, title, version).
    pub bank: (String, String, String),
    pub scale: (i64, i64),
    /// `None`: `Level N` for every level of the scale.
    pub labels: Option<Vec<String>>,
    /// (id, title, weight).
    pub categories: Vec<(String, String, f64)>,
    pub questions: Vec<QuestionFile>,
}

impl PlanFile {
    pub fn new(number: u32, candidate_id: &str) -> Self {
        PlanFile {
            id: numbered_uuid(9000, number),
            created_at: "2026-11-20T09:00:00Z".to_owned(),
            candidate: candidate_id.to_owned(),
            candidate_id: candidate_id.to_owned(),
            role: "Backend Engineer".to_owned(),
            seed: 1,
            bank: ("team".to_owned(), "Team bank".to_owned(), "1".to_owned()),
            scale: (1, 4),
            labels: None,
            categories: Vec::new(),
            questions: Vec::new(),
        }
    }

    /// The file's text.
    pub fn toml(&self) -> String {
        let mut t = toml::Table::new();
        t.insert("schema".into(), 1.into());
        for (key, value) in [
            ("id", &self.id),
            ("created_at", &self.created_at),
            ("candidate", &self.candidate),
            ("candidate_id", &self.candidate_id),
            ("role", &self.role),
        ] {
            t.insert(key.into(), value.clone().into());
        }
        t.insert("seed".into(), self.seed.into());
        let mut bank = toml::Table::new();
        bank.insert("id".into(), self.bank.0.clone().into());
        bank.insert("title".into(), self.bank.1.clone().into());
        bank.insert("version".into(), self.bank.2.clone().into());
        t.insert("bank".into(), bank.into());
        t.insert(
            "scale".into(),
            scale_table(self.scale, self.labels.as_ref()).into(),
        );
        t.insert("categories".into(), categories(&self.categories).into());
        let questions: Vec<toml::Value> = self
            .questions
            .iter()
            .map(|q| {
                let mut c = toml::Table::new();
                c.insert("id".into(), q.id.clone().into());
                c.insert("category".into(), q.category.clone().into());
                c.insert("prompt".into(), q.prompt.clone().into());
                c.insert("minutes".into(), i64::from(q.minutes).into());
                c.insert("expected".into(), q.expected.clone().into());
                c.into()
            })
            .collect();
        t.insert("questions".into(), questions.into());
        toml::to_string(&t).expect("a plan serialises")
    }

    /// Writes `ws/candidates/<candidate_id>/plan-<id>.toml`.
    pub fn write(&self, env: &Env) -> PathBuf {
        env.write(
            &format!("ws/candidates/{}/plan-{}.toml", self.candidate_id, self.id),
            self.toml(),
        )
    }
}

/// A submitted scorecard file written by hand for `candidate_id`, with one answer per
/// `(question, category, notes)` and a category entry for each category used.
pub fn write_card_with_notes(
    env: &Env,
    candidate_id: &str,
    answers: &[(&str, &str, &str)],
) -> String {
    let mut card = CardFile {
        candidate: "Ada Lovelace".to_owned(),
        role: "Engineer".to_owned(),
        bank: "nodejs-backend-senior".to_owned(),
        started_at: "2026-01-15T09:00:00Z".to_owned(),
        submitted_at: Some("2026-01-15T10:00:00Z".to_owned()),
        ..CardFile::new(0, candidate_id, "Grace Hopper").fresh_ids()
    }
    .labels(&STANDARD_LABELS);
    let mut categories: Vec<&str> = answers.iter().map(|a| a.1).collect();
    categories.dedup();
    for category in categories {
        card.categories
            .push((category.to_owned(), "Some category".to_owned(), 1.0));
    }
    for (question, category, notes) in answers {
        card.answers.push(
            AnswerFile::rated(question, category, 3)
                .rated_at("2026-01-15T09:30:00Z")
                .notes(notes),
        );
    }
    card.write(env);
    card.id
}

/// The `[scale]` table; `Level N` labels unless others are given.
fn scale_table((min, max): (i64, i64), labels: Option<&Vec<String>>) -> toml::Table {
    let labels = labels
        .cloned()
        .unwrap_or_else(|| (min..=max).map(|l| format!("Level {l}")).collect());
    let mut scale = toml::Table::new();
    scale.insert("min".into(), min.into());
    scale.insert("max".into(), max.into());
    scale.insert("labels".into(), labels.into());
    scale
}

/// The `[[categories]]` array.
fn categories(categories: &[(String, String, f64)]) -> Vec<toml::Value> {
    categories
        .iter()
        .map(|(id, title, weight)| {
            let mut c = toml::Table::new();
            c.insert("id".into(), id.clone().into());
            c.insert("title".into(), title.clone().into());
            c.insert("weight".into(), (*weight).into());
            c.into()
        })
        .collect()
}
