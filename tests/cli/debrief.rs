//! `export html`: the debrief page parsed with an HTML parser: self-contained (no script, no
//! external resource, a Content-Security-Policy), one chart per candidate, user text escaped,
//! accessible structure, the template override and the limit on candidates.

use scraper::{ElementRef, Html, Selector};

use crate::deliverables::{
    Ans, HOSTILE_CDATA, HOSTILE_IMG, HOSTILE_STYLE, card, five_point_candidate, panel,
};
use crate::support::{Env, assert_clean_error, mode};

fn export_html(env: &Env, extra: &[&str]) -> String {
    let out = env.path("debrief.html");
    let mut args = vec![
        "export",
        "html",
        "--out",
        out.to_str().expect("a UTF-8 path"),
    ];
    args.extend_from_slice(extra);
    env.ok(&args);
    assert_eq!(mode(&out), 0o600);
    std::fs::read_to_string(out).expect("the page")
}

fn select<'a>(page: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    page.select(&Selector::parse(css).expect("a selector"))
        .collect()
}

fn text(element: ElementRef<'_>) -> String {
    element.text().collect()
}

#[test]
fn the_page_runs_no_script_and_loads_nothing() {
    let env = panel();
    let page = Html::parse_document(&export_html(&env, &[]));
    assert!(select(&page, "script").is_empty());
    assert!(select(&page, "img, iframe, object, embed, link, form, base").is_empty());
    for element in select(&page, "*") {
        for (name, value) in element.value().attrs() {
            assert!(!name.starts_with("on"), "event handler {name}={value}");
            if matches!(name, "src" | "href" | "action" | "xlink:href") {
                assert!(value.starts_with('#'), "{name}={value} leaves the page");
            }
            assert!(!value.contains("url("), "{name}={value}");
        }
    }
    for style in select(&page, "style") {
        let css = text(style);
        assert!(!css.contains("url("), "CSS loads something");
        assert!(!css.contains("@import"));
    }
    let csp = select(&page, r#"meta[http-equiv="Content-Security-Policy"]"#);
    assert_eq!(csp.len(), 1);
    let policy = csp[0].value().attr("content").unwrap();
    assert!(policy.contains("default-src 'none'"), "{policy}");
    assert!(!policy.contains("script-src"), "{policy}");
}

#[test]
fn hostile_notes_show_as_text() {
    let env = panel();
    let html = export_html(&env, &[]);
    let page = Html::parse_document(&html);
    let notes: Vec<String> = select(&page, "td.notes").into_iter().map(text).collect();
    for hostile in [HOSTILE_IMG, HOSTILE_STYLE, HOSTILE_CDATA] {
        assert!(
            notes.iter().any(|n| n == hostile),
            "{hostile} not shown as text"
        );
    }
    // The style element is the page's own, whole; nothing from the notes became an element.
    let styles = select(&page, "style");
    assert_eq!(styles.len(), 1);
    assert!(!text(styles[0]).contains("display:none"));
    assert!(select(&page, "b").is_empty());
    assert!(!html.contains("<script>x</script>"));
    let history: Vec<String> = select(&page, "li").into_iter().map(text).collect();
    assert!(
        history
            .iter()
            .any(|h| h.contains("misread my notes <script>x</script>")),
        "{history:?}"
    );
    let summaries: Vec<String> = select(&page, "p.summary").into_iter().map(text).collect();
    assert!(summaries.contains(&"Strong on async.\nNeeds work on security.".to_owned()));
    assert!(!html.contains("DRAFT NOTE"), "drafts are not exported");
}

#[test]
fn every_candidate_has_one_accessible_chart() {
    let env = panel();
    let page = Html::parse_document(&export_html(&env, &[]));
    let sections = select(&page, "section.candidate");
    assert_eq!(sections.len(), 2);
    let title = Selector::parse("title").unwrap();
    let desc = Selector::parse("desc").unwrap();
    let svg = Selector::parse("svg").unwrap();
    for section in &sections {
        let charts: Vec<_> = section.select(&svg).collect();
        assert_eq!(charts.len(), 1, "one chart per candidate");
        let chart = charts[0];
        assert_eq!(chart.value().attr("role"), Some("img"));
        let chart_title = chart.select(&title).next().expect("a chart title");
        assert!(text(chart_title).starts_with("Category profile of "));
        let description = text(chart.select(&desc).next().expect("a description"));
        assert!(description.contains("Category async"), "{description}");
        // One bar per scorecard and category with a score: 3 scorecards x 2 categories.
        assert_eq!(
            chart
                .select(&Selector::parse("rect[height=\"10\"]").unwrap())
                .count(),
            6
        );
    }
    assert_eq!(select(&page, "svg").len(), 2);
}

#[test]
fn the_page_has_the_overview_disagreements_scorecards_and_leniency() {
    let env = panel();
    let page = Html::parse_document(&export_html(&env, &[]));
    assert!(text(select(&page, "title")[0]).contains("2 candidates"));
    let headings: Vec<String> = select(&page, "h2").into_iter().map(text).collect();
    assert_eq!(headings[0], "Panel overview");
    assert!(headings.iter().any(|h| h.starts_with("Zoë Ñúñez")));
    assert_eq!(headings.last().unwrap(), "Interviewers' leniency");
    for th in select(&page, "th") {
        assert!(
            th.value().attr("scope").is_some(),
            "th without scope: {}",
            text(th)
        );
    }
    // Overview: one row per candidate, scores shaded.
    let overview = select(&page, "section.overview tbody tr");
    assert_eq!(overview.len(), 2);
    assert!(!select(&page, "section.overview td.s0, section.overview td.s1, section.overview td.s2, section.overview td.s3, section.overview td.s4").is_empty());
    // 00123's panel: Grace gave 4 and Alan 1 on the event loop.
    let disagreements: Vec<String> = select(&page, "section.candidate tbody tr th")
        .into_iter()
        .map(text)
        .collect();
    assert!(disagreements.contains(&"question event-loop-phases".to_owned()));
    // Every scorecard with its answers.
    assert_eq!(select(&page, "article").len(), 6);
    // Leniency with an interval for interviewers who share questions with others.
    let rows = select(&page, "section.leniency tbody tr");
    assert_eq!(rows.len(), 3);
    for row in rows {
        let cells: Vec<String> = row
            .select(&Selector::parse("td").unwrap())
            .map(text)
            .collect();
        let interval = &cells[4];
        let (low, high) = interval.split_once(" to ").expect("an interval");
        let lenient: f64 = cells[3].parse().unwrap();
        assert!(low.parse::<f64>().unwrap() <= lenient && lenient <= high.parse().unwrap());
    }
}

#[test]
fn leniency_is_left_out_across_scales() {
    let env = panel();
    five_point_candidate(&env);
    let page = Html::parse_document(&export_html(&env, &[]));
    let leniency = select(&page, "section.leniency")[0];
    assert!(
        leniency
            .select(&Selector::parse("table").unwrap())
            .next()
            .is_none(),
        "no leniency table"
    );
    let said = text(leniency);
    assert!(
        said.contains("Not shown: the selected scorecards use 2 rating scales")
            && said.contains("pick one scale with --role ROLE"),
        "{said}"
    );
    // Each candidate is still shown, on their own scale.
    assert_eq!(select(&page, "svg").len(), 3);
}

#[test]
fn anonymized_page_names_no_candidate() {
    let env = panel();
    let html = export_html(&env, &["--anonymize"]);
    for secret in ["00123", "Zoë", "Ñúñez", "Alan Kay", "alan-kay"] {
        assert!(!html.contains(secret), "{secret}");
    }
    let page = Html::parse_document(&html);
    assert_eq!(select(&page, "svg").len(), 2);
}

#[test]
fn filters_choose_the_candidates() {
    let env = panel();
    let page = Html::parse_document(&export_html(&env, &["--candidate", "alan-kay"]));
    assert_eq!(select(&page, "section.candidate").len(), 1);
    assert_eq!(select(&page, "svg").len(), 1);
    let page = Html::parse_document(&export_html(&env, &["--role", "Nobody"]));
    assert!(select(&page, "section.candidate").is_empty());
    assert!(text(select(&page, "section.overview")[0]).contains("No submitted scorecards"));
}

#[test]
fn a_template_replaces_the_page_and_is_still_escaped() {
    let env = panel();
    let template = env.write(
        "mine.txt",
        "{% for c in candidates %}{% for s in c.scorecards %}{% for a in s.answers %}[{{ a.notes }}]{% endfor %}{% endfor %}{% endfor %}",
    );
    let html = export_html(&env, &["--template", template.to_str().unwrap()]);
    assert!(
        html.contains("[&lt;img src=x onerror=alert(1)&gt;]"),
        "{html}"
    );
    assert!(!html.contains(HOSTILE_IMG));

    let broken = env.write("broken.html", "{% for c in candidates %}");
    let out = env.path("debrief.html");
    let stderr = env.fails(
        &[
            "export",
            "html",
            "--out",
            out.to_str().unwrap(),
            "--template",
            broken.to_str().unwrap(),
        ],
        1,
    );
    assert_clean_error(&stderr);
    assert!(stderr.contains("broken.html"), "{stderr}");
}

#[test]
fn more_candidates_than_a_page_holds_are_refused_with_a_hint() {
    let env = Env::new();
    let ids: Vec<String> = (0..201).map(|i| format!("c{i:03}")).collect();
    for id in &ids {
        card(
            id,
            id,
            "Grace Hopper",
            vec![Ans("q", "async", Some(3), "", None)],
        )
        .write(&env);
    }
    let out = env.path("debrief.html");
    let stderr = env.fails(&["export", "html", "--out", out.to_str().unwrap()], 1);
    assert_clean_error(&stderr);
    assert!(stderr.contains("at most 200 candidates"), "{stderr}");
    assert!(stderr.contains("--role"), "{stderr}");
    assert!(!out.exists(), "nothing is written");
    // Narrowed to 200, it is written.
    let mut args = vec!["export", "html", "--out", out.to_str().unwrap()];
    for id in &ids[..200] {
        args.extend(["--candidate", id.as_str()]);
    }
    env.ok(&args);
    let page = Html::parse_document(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(select(&page, "svg").len(), 200);
}
