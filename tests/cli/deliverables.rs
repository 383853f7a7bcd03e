//! Fixtures shared by the workbook and debrief-page tests: a panel written as scorecard files
//! (the contract's format), with the ids, dates and hostile text those exports must carry.

use crate::support::{AnswerFile, CardFile, Env, STANDARD_LABELS};

/// The role of [`five_point_candidate`]'s scorecards.
pub const FIVE_POINT_ROLE: &str = "Backend Engineer";

pub const ROLE: &str = "Senior backend engineer";

/// An answer: question, category, score (None: skipped), notes, seconds.
pub struct Ans<'a>(
    pub &'a str,
    pub &'a str,
    pub Option<i64>,
    pub &'a str,
    pub Option<u64>,
);

/// A scorecard file written by hand.
pub struct Card<'a> {
    pub candidate: &'a str,
    pub candidate_id: &'a str,
    pub interviewer: &'a str,
    pub round: Option<&'a str>,
    /// None leaves the scorecard a draft.
    pub submitted_at: Option<&'a str>,
    pub recommendation: &'a str,
    pub summary: &'a str,
    pub answers: Vec<Ans<'a>>,
    /// Amendments: question, old score, new score, reason.
    pub history: Vec<(&'a str, i64, i64, &'a str)>,
}

impl Card<'_> {
    /// Writes the file into the candidate's folder (through [`CardFile`]); returns the scorecard
    /// id.
    pub fn write(&self, env: &Env) -> String {
        let mut file = CardFile {
            round: self.round.map(str::to_owned),
            bank: "nodejs-backend-senior".to_owned(),
            started_at: "2026-01-15T09:00:00Z".to_owned(),
            submitted_at: self.submitted_at.map(str::to_owned),
            recommendation: self.recommendation.to_owned(),
            summary: (!self.summary.is_empty()).then(|| self.summary.to_owned()),
            ..CardFile::new(0, self.candidate_id, self.interviewer).fresh_ids()
        }
        .candidate(self.candidate, ROLE)
        .labels(&STANDARD_LABELS)
        .category("async", 1.0)
        .category("security", 1.0);
        for Ans(question, category, score, notes, seconds) in &self.answers {
            let answer = match score {
                Some(score) => {
                    AnswerFile::rated(question, category, *score).rated_at("2026-01-15T09:30:00Z")
                }
                None => AnswerFile::skipped(question, category),
            };
            file.answers.push(answer.notes(notes).seconds(*seconds));
        }
        for (question, old, new, reason) in &self.history {
            file.history.push((
                "2026-01-16T08:00:00Z".to_owned(),
                (*question).to_owned(),
                *old,
                *new,
                (*reason).to_owned(),
            ));
        }
        file.write(env);
        file.id
    }
}

/// A submitted scorecard of `interviewer` with these answers.
pub fn card<'a>(
    candidate: &'a str,
    candidate_id: &'a str,
    interviewer: &'a str,
    answers: Vec<Ans<'a>>,
) -> Card<'a> {
    Card {
        candidate,
        candidate_id,
        interviewer,
        round: None,
        submitted_at: Some("2026-01-15T10:00:00Z"),
        recommendation: "yes",
        summary: "",
        answers,
        history: Vec::new(),
    }
}

pub const HOSTILE_IMG: &str = "<img src=x onerror=alert(1)>";
pub const HOSTILE_STYLE: &str = "</style><style>body{display:none}</style>";
pub const HOSTILE_CDATA: &str = "]]><b>not bold</b>";

/// Two candidates seen by the same three interviewers, one of them with the id `00123`, notes
/// that look like formulas, numbers, dates and markup, a skipped answer, timings, a round, an
/// amendment, and a draft that no export may show.
pub fn panel() -> Env {
    let env = Env::new();
    let mut ada = card(
        "Zoë Ñúñez",
        "00123",
        "Grace Hopper",
        vec![
            Ans("event-loop-phases", "async", Some(4), "=1+1", Some(410)),
            Ans("promise-ordering", "async", Some(3), "1e5", None),
            Ans("sql-injection", "security", Some(2), "2026-01-02", Some(95)),
            Ans("auth-flows", "security", None, "", None),
        ],
    );
    ada.round = Some("onsite");
    ada.summary = "Strong on async.\nNeeds work on security.";
    ada.history = vec![("sql-injection", 1, 2, "misread my notes <script>x</script>")];
    ada.write(&env);
    card(
        "Zoë Ñúñez",
        "00123",
        "Alan Turing",
        vec![
            Ans(
                "event-loop-phases",
                "async",
                Some(1),
                HOSTILE_IMG,
                Some(300),
            ),
            Ans("promise-ordering", "async", Some(2), HOSTILE_STYLE, None),
            Ans("sql-injection", "security", Some(2), HOSTILE_CDATA, None),
            Ans(
                "auth-flows",
                "security",
                Some(3),
                "line one\nline two",
                None,
            ),
        ],
    )
    .write(&env);
    card(
        "Zoë Ñúñez",
        "00123",
        "Barbara Liskov",
        vec![
            Ans(
                "event-loop-phases",
                "async",
                Some(3),
                "+44 20 7946 0000",
                None,
            ),
            Ans("promise-ordering", "async", Some(3), "-3 points", None),
            Ans("sql-injection", "security", Some(3), "@mention", None),
            Ans("auth-flows", "security", Some(4), "", None),
        ],
    )
    .write(&env);
    for (interviewer, scores) in [
        ("Grace Hopper", [4, 4, 3, 3]),
        ("Alan Turing", [2, 3, 2, 2]),
        ("Barbara Liskov", [3, 3, 3, 4]),
    ] {
        let mut c = card(
            "Alan Kay",
            "alan-kay",
            interviewer,
            vec![
                Ans("event-loop-phases", "async", Some(scores[0]), "fine", None),
                Ans("promise-ordering", "async", Some(scores[1]), "", None),
                Ans("sql-injection", "security", Some(scores[2]), "", None),
                Ans("auth-flows", "security", Some(scores[3]), "", None),
            ],
        );
        c.submitted_at = Some("2026-01-20T10:00:00Z");
        c.recommendation = "strong-yes";
        c.write(&env);
    }
    let mut draft = card(
        "Edsger Dijkstra",
        "edsger-dijkstra",
        "Grace Hopper",
        vec![Ans(
            "event-loop-phases",
            "async",
            Some(1),
            "DRAFT NOTE",
            None,
        )],
    );
    draft.submitted_at = None;
    draft.write(&env);
    env
}

/// A candidate of another role whose scorecards, by two of [`panel`]'s interviewers, are on a 1-5
/// scale: with them the panel is on two scales.
pub fn five_point_candidate(env: &Env) {
    for (n, interviewer, score) in [(1, "Grace Hopper", 5), (2, "Alan Turing", 1)] {
        let mut file = CardFile {
            scale: (1, 5),
            ..CardFile::new(n, "five-point", interviewer)
        }
        .category("async", 1.0);
        file.answers
            .push(AnswerFile::rated("event-loop-phases", "async", score));
        file.write(env);
    }
}
