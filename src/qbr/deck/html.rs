//! The deck as one self-contained HTML file: inline CSS and inline SVG, no script, no link, no
//! external resource. On screen the slides stack at 16:9 and fill the width; printed, each is
//! one 16:9 page. Type is large and dark on white for a projector, and long names wrap. Every
//! text is escaped here (through [`super::svg::escape`]). It must not decide what a slide says.

use std::fmt::Write as _;

use super::choices::ChartKind;
use super::model::{Deck, GoalLine, Slide, SlideKind};
use super::svg::{self, Embed, escape};
use super::words::{amount, day};

/// Sizes are in `--u`, a hundredth of the slide's width: the viewport's on screen, the page's
/// (13.333 in) in print, so a slide looks the same on both.
const STYLE: &str = "\
:root{--u:1vw}\
@page{size:13.333in 7.5in;margin:0}\
*{box-sizing:border-box}\
html,body{margin:0;padding:0;background:#fff;color:#111;\
font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;line-height:1.25}\
.slide{width:100vw;height:56.25vw;padding:calc(var(--u)*3) calc(var(--u)*4.5) calc(var(--u)*4);\
display:flex;flex-direction:column;overflow:hidden;position:relative;\
border-bottom:calc(var(--u)*0.4) solid #0b3d91;break-after:page;page-break-after:always;\
overflow-wrap:anywhere;word-break:normal}\
h1,h2,p,ul,ol,figure,table{margin:0}\
h1{font-size:calc(var(--u)*5);line-height:1.1;color:#0b3d91}\
h1.long{font-size:calc(var(--u)*3.4)}\
h2{font-size:calc(var(--u)*3.4);color:#0b3d91;margin-bottom:calc(var(--u)*1.2)}\
.lead{font-size:calc(var(--u)*2);margin-bottom:calc(var(--u)*1.5)}\
.title{justify-content:center;border-left:calc(var(--u)*1.5) solid #0b3d91}\
.title .lead{font-size:calc(var(--u)*2.4);margin:calc(var(--u)*1.5) 0 calc(var(--u)*2.5)}\
ul,ol{padding-left:calc(var(--u)*3)}\
li{font-size:calc(var(--u)*2.6);margin-bottom:calc(var(--u)*1.1)}\
.title li{font-size:calc(var(--u)*2.1);margin-bottom:calc(var(--u)*0.8)}\
.stats{display:flex;flex-wrap:wrap;gap:calc(var(--u)*4);margin-bottom:calc(var(--u)*1.5)}\
.stat .value{display:block;font-size:calc(var(--u)*3.8);font-weight:bold;color:#0b3d91}\
.stat .label{display:block;font-size:calc(var(--u)*1.6)}\
.title .stat .value{font-size:calc(var(--u)*2.2);color:#111}\
.title .stats{margin-top:calc(var(--u)*1.5)}\
.charts{display:flex;gap:calc(var(--u)*3);flex:1;min-height:0}\
figure{flex:1;display:flex;flex-direction:column;min-width:0;min-height:0}\
figcaption{font-size:calc(var(--u)*1.9);font-weight:bold;margin-bottom:calc(var(--u)*0.6)}\
.chart{flex:1;min-height:0}\
.chart svg{display:block;width:100%;height:100%}\
.goals{display:flex;flex-direction:column;gap:calc(var(--u)*1.6)}\
.goal{display:grid;grid-template-columns:1fr calc(var(--u)*36);gap:calc(var(--u)*2.5);align-items:center}\
.goal .objective{font-size:calc(var(--u)*2.2);font-weight:bold}\
.goal .measure,.goal .figures{font-size:calc(var(--u)*1.6)}\
.goal .status{font-size:calc(var(--u)*1.9);font-weight:bold}\
.goal .met{color:#1e7b34}\
.goal svg{display:block;width:100%;height:auto;margin:calc(var(--u)*0.4) 0}\
table{border-collapse:collapse;width:100%;font-size:calc(var(--u)*1.9)}\
th{text-align:left;border-bottom:calc(var(--u)*0.25) solid #111;padding:calc(var(--u)*0.6)}\
td{text-align:left;vertical-align:top;border-bottom:1px solid #888;padding:calc(var(--u)*0.6)}\
td:first-child,th:first-child{width:50%}td:last-child{white-space:nowrap}\
footer{position:absolute;left:calc(var(--u)*4.5);right:calc(var(--u)*4.5);bottom:calc(var(--u)*1.2);\
display:flex;justify-content:space-between;font-size:calc(var(--u)*1.2);color:#333}\
footer span:last-child{white-space:nowrap;padding-left:calc(var(--u)*2)}\
@media print{:root{--u:0.13333in}.slide{width:13.333in;height:7.5in;border-bottom:0}}";

/// The deck as an HTML document.
#[must_use]
pub fn render(deck: &Deck) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let name = escape(&deck.account);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Quarterly business review: {name}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );
    let total = deck.slides.len();
    for (i, slide) in deck.slides.iter().enumerate() {
        section(&mut out, deck, slide, i + 1, total);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn section(out: &mut String, deck: &Deck, slide: &Slide, number: usize, total: usize) {
    let class = if slide.kind == SlideKind::Title { "slide title" } else { "slide" };
    let _ = writeln!(out, "<section class=\"{class}\" id=\"{}\">", slide.kind.id());
    if slide.kind == SlideKind::Title {
        // A long name gets smaller type, so it wraps within the slide.
        let long = if slide.title.chars().count() > 48 { " class=\"long\"" } else { "" };
        let _ = writeln!(out, "<h1{long}>{}</h1>", escape(&slide.title));
    } else {
        let _ = writeln!(out, "<h2>{}</h2>", escape(&slide.title));
    }
    if let Some(lead) = &slide.lead {
        let _ = writeln!(out, "<p class=\"lead\">{}</p>", escape(lead));
    }
    if !slide.stats.is_empty() && slide.kind != SlideKind::Title {
        stats(out, slide);
    }
    if !slide.goals.is_empty() {
        out.push_str("<div class=\"goals\">\n");
        for goal in &slide.goals {
            goal_row(out, goal);
        }
        out.push_str("</div>\n");
    }
    if !slide.points.is_empty() {
        let list = if slide.kind == SlideKind::Agenda { "ol" } else { "ul" };
        let _ = write!(out, "<{list}>");
        for point in &slide.points {
            let _ = write!(out, "<li>{}</li>", escape(&point.text));
        }
        let _ = writeln!(out, "</{list}>");
    }
    if slide.kind == SlideKind::Title && !slide.stats.is_empty() {
        stats(out, slide);
    }
    if let Some(table) = &slide.table {
        out.push_str("<table><thead><tr>");
        for h in &table.header {
            let _ = write!(out, "<th>{}</th>", escape(h));
        }
        out.push_str("</tr></thead><tbody>");
        for row in &table.rows {
            out.push_str("<tr>");
            for cell in row {
                let _ = write!(out, "<td>{}</td>", escape(cell));
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>\n");
    }
    if !slide.charts.is_empty() {
        out.push_str("<div class=\"charts\">\n");
        for chart in &slide.charts {
            let label = format!("{}: {}", chart.title, chart.takeaway);
            let _ = writeln!(
                out,
                "<figure class=\"{}\"><figcaption>{}</figcaption><div class=\"chart\">{}</div></figure>",
                chart_class(chart.kind),
                escape(&chart.takeaway),
                svg::figure(&chart.figure, &label, Embed::Inline)
            );
        }
        out.push_str("</div>\n");
    }
    if slide.kind != SlideKind::Title {
        let _ = writeln!(
            out,
            "<footer><span>{} · Quarterly business review · {}</span><span>{number} / {total}</span></footer>",
            escape(&deck.account),
            escape(&day(deck.as_of))
        );
    }
    out.push_str("</section>\n");
}

fn chart_class(kind: ChartKind) -> &'static str {
    match kind {
        ChartKind::ActiveUsers => "chart-active-users",
        ChartKind::Features => "chart-features",
        ChartKind::Tickets => "chart-tickets",
        ChartKind::Goals => "chart-goals",
    }
}

fn stats(out: &mut String, slide: &Slide) {
    out.push_str("<div class=\"stats\">");
    for stat in &slide.stats {
        let _ = write!(
            out,
            "<div class=\"stat\"><span class=\"value\">{}</span><span class=\"label\">{}</span></div>",
            escape(&stat.value),
            escape(&stat.label)
        );
    }
    out.push_str("</div>\n");
}

fn goal_row(out: &mut String, goal: &GoalLine) {
    out.push_str("<div class=\"goal\"><div>");
    let _ = write!(out, "<div class=\"objective\">{}</div>", escape(&goal.objective));
    if let Some(measure) = &goal.measure {
        let _ = write!(out, "<div class=\"measure\">{}</div>", escape(measure));
    }
    out.push_str("</div><div>");
    let met = if goal.met { " met" } else { "" };
    let _ = write!(out, "<div class=\"status{met}\">{}</div>", escape(&goal.status));
    if let Some(bar) = goal.bar {
        let figures = format!(
            "Baseline {} · now {} · target {}",
            amount(bar.baseline),
            amount(bar.now),
            amount(bar.target)
        );
        let label = format!("{}: {figures}", goal.objective);
        out.push_str(&svg::progress(bar, &label, goal.met, Embed::Inline));
        let _ = write!(out, "<div class=\"figures\">{}</div>", escape(&figures));
    }
    out.push_str("</div></div>\n");
}
