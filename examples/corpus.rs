//! Corpus scale: many plans and their amendment orders as Russian text,
//! read by [`planver::import::read_order`] and applied by
//! [`planver::History::build`], in parallel over plans.
//!
//! Run by `benches/corpus.sh [ORDERS]`, or directly:
//!
//! ```text
//! cargo run --release --example corpus -- --orders 100000
//! ```
//!
//! Options: `--orders N` (total orders, default 100,000), `--seed S`,
//! `--batch P` (plans per batch, default 256), `--no-check` (skip comparing
//! each history with the generator's model), `--compare-ops` (also compare
//! every operation read with the one generated), `--dump DIR` (write the
//! first plan's orders as text files, to read them).
//!
//! Each plan is a plan of measures of 30–400 items with 5–200 orders, as
//! ministries and regions keep them. A model of each plan (numbers, status,
//! order and section of every item, the exact text of every cell, sections
//! and their titles, footnotes and their text) decides every operation, so
//! that each applies strictly: words to replace are taken from the cells,
//! абзацы (lines of a cell) and footnotes they are said to be in and found
//! the way the engine finds them. The formulas: words replaced, added
//! (after or before words, or at the end of a cell, абзац or footnote) and
//! taken out, in a cell, an абзац or a footnote; items, cells, rows and
//! абзацы restated; rows and абзацы added and taken out; items added after
//! or before an item or to a section; sections added at the end or after a
//! section, and their titles restated; items repealed, excluded and
//! renumbered; footnotes added, restated and taken out. Each order is then
//! printed as text in the standard drafting formulas — an appendix («Приложение к приказу Минтруда России от «29»
//! августа 2014 г. № 587», «ИЗМЕНЕНИЯ, которые вносятся в …», numbered
//! points, lettered sub-points under «В пункте 5:») or a whole order (a
//! capitals header, «Внести в … следующие изменения:», sub-points, a clause
//! on taking effect, a closing clause, a signature). The text is all the
//! corpus keeps.
//!
//! Plans go in batches: a batch is generated (in parallel, timed apart),
//! then every text is read with its plan and each plan's orders applied
//! strictly (in parallel over plans, timed: this is the figure), then the
//! histories are checked against the models (timed apart) and dropped.
//! Memory holds one batch, never the whole corpus.
//!
//! Any order read with an error, or an operation refused, is counted and
//! reported, and makes the run fail.

use chrono::{Datelike, Days, NaiveDate};
use planver::import::{OrderReadOptions, Severity, read_order};
use planver::matching::Needle;
use planver::{
    Act, ActKind, Anchor, Cell, Column, Footnote, History, Item, ItemStatus, Occurrence, Operation,
    Order, Plan, Position, Row, Section, Targets,
};
use rayon::prelude::*;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------
// Random numbers: splitmix64.

#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------
// Vocabulary.

const NAMES: &[&str] = &[
    "И.В. Никитина",
    "Д.В. Баснак",
    "В.Ф. Колбанов",
    "Ф.И. Воронин",
    "А.Н. Пудов",
    "О.С. Баталина",
    "Л.Ю. Ельцова",
    "А.В. Вовченко",
    "Г.Г. Лекарев",
    "С.В. Вельмяйкин",
    "Н.В. Дмитриева",
    "Е.В. Сафонова",
    "А.А. Черкасов",
    "Т.В. Блинова",
    "Р.Р. Шарипов",
    "К.А. Морозова",
    "П.С. Лебедев",
    "Ю.В. Громова",
    "В.А. Ковалев",
    "Е.Н. Соколова",
    "М.И. Федорова",
    "С.А. Новиков",
    "Д.С. Иванов",
    "А.И. Кузнецова",
    "О.В. Павлова",
    "И.Н. Смирнов",
    "Сухорослова И.П.",
    "Аносова И.А.",
];

const DEPARTMENTS: &[&str] = &[
    "Департамент комплексного анализа и прогнозирования",
    "Административный департамент",
    "Правовой департамент",
    "Департамент информационной политики и связей с общественностью",
    "Департамент занятости населения",
    "Финансовый департамент",
    "Отдел организационной работы",
    "Комитет по информационной политике",
];

const ACTIONS: &[&str] = &[
    "Разработка и утверждение",
    "Организация проведения",
    "Обеспечение размещения",
    "Подготовка и представление в Правительство Российской Федерации",
    "Проведение мониторинга",
    "Внесение изменений в",
    "Совершенствование",
    "Проведение анализа",
    "Актуализация",
    "Обеспечение общественного обсуждения",
    "Ведение специализированного раздела на Сайте для размещения",
];

const OBJECTS: &[&str] = &[
    "ведомственного плана по реализации Концепции открытости органов исполнительной власти",
    "порядка предоставления сведений о доходах, расходах, об имуществе и обязательствах имущественного характера",
    "стандарта антикоррупционного поведения государственного гражданского служащего",
    "механизмов общественного контроля за деятельностью органа власти",
    "публичной декларации целей и задач на очередной год",
    "программы профессионального развития государственных гражданских служащих",
    "информации о деятельности в форме открытых данных",
    "проектов нормативных правовых актов",
    "ежегодного доклада о результатах и основных направлениях деятельности",
    "плана-графика закупок товаров, работ, услуг",
];

const QUALIFIERS: &[&str] = &[
    "в информационно-телекоммуникационной сети «Интернет»",
    "с участием Общественного совета",
    "в соответствии с Указом Президента Российской Федерации от 7 мая 2012 г. № 601 «Об основных направлениях совершенствования системы государственного управления»",
    "с учетом предложений экспертного сообщества и общественных объединений",
    "в том числе с использованием типовых форм и методических материалов",
    "в подведомственных организациях",
    "на официальном сайте",
    "по итогам рассмотрения обращений граждан",
];

const RESULTS: &[&str] = &[
    "Доклад в Правительство Российской Федерации",
    "Приказ об утверждении порядка",
    "Информация размещена на официальном сайте",
    "Методические рекомендации направлены в органы исполнительной власти",
    "Аналитическая записка руководителю",
    "Повышение уровня открытости деятельности",
    "Отчет о результатах мониторинга",
    "Протокол заседания Общественного совета",
    "Снижение коррупционных рисков",
];

const INSERTS: &[&str] = &[
    "и подведомственных организаций",
    ", в том числе в электронном виде",
    "(с учетом изменений)",
    "ежегодно",
    "и общественных объединений",
    ", включая территориальные органы",
    "в установленном порядке",
];

const REPLACEMENTS: &[&str] = &[
    "информационно-телекоммуникационной сети «Интернет»",
    "государственных гражданских служащих",
    "Общественного совета",
    "нормативных правовых актов",
    "подведомственных учреждений",
    "проектов документов",
    "открытых данных",
];

const SECTION_TITLES: &[&str] = &[
    "Реализация принципа информационной открытости",
    "Обеспечение работы с открытыми данными",
    "Обеспечение понятности нормативно-правового регулирования",
    "Совершенствование механизмов общественного контроля",
    "Противодействие коррупции",
    "Развитие государственной гражданской службы",
    "Взаимодействие с референтными группами",
];

const FOOTNOTES: &[&str] = &[
    "Определены организационной структурой органа власти.",
    "Далее — органы исполнительной власти, руководство деятельностью которых осуществляет Правительство Российской Федерации.",
    "Мероприятие реализуется в пределах бюджетных ассигнований, предусмотренных на руководство и управление в сфере установленных функций.",
    "Сроки уточняются по согласованию с Аппаратом Правительства Российской Федерации.",
];

/// Issuers: the genitive short name, the capitals header, the plan's title.
const ISSUERS: &[(&str, &str, &str)] = &[
    (
        "Минтруда России",
        "МИНИСТЕРСТВО ТРУДА И СОЦИАЛЬНОЙ ЗАЩИТЫ\nРОССИЙСКОЙ ФЕДЕРАЦИИ\n(МИНТРУД РОССИИ)",
        "План мероприятий по реализации Концепции открытости федеральных органов исполнительной власти в Министерстве труда и социальной защиты Российской Федерации",
    ),
    (
        "Минфина России",
        "МИНИСТЕРСТВО ФИНАНСОВ\nРОССИЙСКОЙ ФЕДЕРАЦИИ\n(МИНФИН РОССИИ)",
        "План мероприятий по противодействию коррупции в Министерстве финансов Российской Федерации",
    ),
    (
        "Департамента социальной защиты населения Томской области",
        "ДЕПАРТАМЕНТ СОЦИАЛЬНОЙ ЗАЩИТЫ НАСЕЛЕНИЯ\nТОМСКОЙ ОБЛАСТИ",
        "План мероприятий («дорожная карта») по реализации принципов открытости Департамента социальной защиты населения Томской области",
    ),
    (
        "Министерства здравоохранения Московской области",
        "МИНИСТЕРСТВО ЗДРАВООХРАНЕНИЯ\nМОСКОВСКОЙ ОБЛАСТИ",
        "План мероприятий по повышению эффективности деятельности Министерства здравоохранения Московской области",
    ),
    (
        "Росстата",
        "ФЕДЕРАЛЬНАЯ СЛУЖБА ГОСУДАРСТВЕННОЙ СТАТИСТИКИ\n(РОССТАТ)",
        "План мероприятий по реализации Концепции открытости федеральных органов исполнительной власти в Федеральной службе государственной статистики",
    ),
];

const SIGNERS: &[&str] = &[
    "М.А. Топилин",
    "А.Г. Силуанов",
    "М.А. Киньякина",
    "Д.В. Матвеев",
];

/// Column ids and printed titles, in table order.
const COLUMNS: [(&str, &str); 4] = [
    ("measure", "Наименование мероприятия"),
    ("result", "Ожидаемый результат"),
    ("deadline", "Срок исполнения"),
    ("responsible", "Ответственный исполнитель"),
];
const MEASURE: usize = 0;
const RESULT: usize = 1;
const DEADLINE: usize = 2;
const RESPONSIBLE: usize = 3;

const MONTHS_GEN: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const MONTHS_NOM: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

const ROMAN_ONES: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
const ROMAN_TENS: [&str; 10] = ["", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"];

fn roman(n: usize) -> String {
    format!("{}{}", ROMAN_TENS[(n / 10) % 10], ROMAN_ONES[n % 10])
}

fn measure_text(rng: &mut Rng) -> String {
    let mut s = format!("{} {}", rng.pick(ACTIONS), rng.pick(OBJECTS));
    while s.chars().count() < 90 {
        s.push_str(if rng.chance(0.3) { ", " } else { " " });
        s.push_str(rng.pick::<&str>(QUALIFIERS));
    }
    s
}

fn result_text(rng: &mut Rng) -> String {
    let mut s = rng.pick(RESULTS).to_string();
    if rng.chance(0.3) {
        s.push_str(", ");
        s.push_str(&rng.pick(RESULTS).to_lowercase());
    }
    s
}

fn deadline_text(rng: &mut Rng, year: i32) -> String {
    let y = year + rng.below(3) as i32;
    match rng.below(7) {
        0 | 1 => format!("{} кв. {y} г.", roman(1 + rng.below(4))),
        2 => format!(
            "до {} {} {y} г.",
            1 + rng.below(28),
            MONTHS_GEN[rng.below(12)]
        ),
        3 => format!("{y} – {} гг., ежегодно", y + 1 + rng.below(3) as i32),
        4 => "постоянно".to_string(),
        5 => format!("{} {y} г.", MONTHS_NOM[rng.below(12)]),
        _ => format!("{y}, далее постоянно"),
    }
}

fn responsible_text(rng: &mut Rng) -> String {
    let n = rng.between(1, 3);
    let mut names: Vec<&str> = Vec::with_capacity(n);
    while names.len() < n {
        let name = *rng.pick(NAMES);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let s = names.join(",\n");
    if rng.chance(0.25) {
        format!("{}\n({s})", rng.pick(DEPARTMENTS))
    } else {
        s
    }
}

fn cell_text(rng: &mut Rng, column: usize, year: i32) -> String {
    match column {
        MEASURE => measure_text(rng),
        RESULT => result_text(rng),
        DEADLINE => deadline_text(rng, year),
        _ => responsible_text(rng),
    }
}

// ---------------------------------------------------------------------------
// The model of one plan as its orders change it.

/// A row: one optional text per column.
type MRow = [Option<String>; 4];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum St {
    InForce,
    Repealed,
    Excluded,
}

#[derive(Debug, Clone)]
struct MItem {
    number: String,
    /// The number (and id) of its section.
    section: String,
    status: St,
    rows: Vec<MRow>,
}

/// Slots with O(1) random pick and removal.
#[derive(Debug, Default)]
struct Pool {
    items: Vec<u32>,
    pos: Vec<u32>,
}

impl Pool {
    fn insert(&mut self, slot: u32) {
        let s = slot as usize;
        if self.pos.len() <= s {
            self.pos.resize(s + 1, u32::MAX);
        }
        self.pos[s] = self.items.len() as u32;
        self.items.push(slot);
    }

    fn remove(&mut self, slot: u32) {
        let at = self.pos[slot as usize];
        self.items.swap_remove(at as usize);
        if let Some(&moved) = self.items.get(at as usize) {
            self.pos[moved as usize] = at;
        }
        self.pos[slot as usize] = u32::MAX;
    }

    fn pick(&self, rng: &mut Rng) -> Option<u32> {
        (!self.items.is_empty()).then(|| *rng.pick(&self.items))
    }
}

#[path = "../benches/common/edit_model.rs"]
mod edit_model;
use edit_model::{Edit, edited, paragraph_range, starts_with_punctuation};

/// Matches in one item: `(row, column, range)` in the engine's order.
type Found = Vec<(usize, usize, Range<usize>)>;

struct Model {
    rng: Rng,
    items: Vec<MItem>,
    /// The items' slots in list order, excluded ones too (they keep their
    /// place in the engine's list).
    order: Vec<u32>,
    live: HashMap<String, u32>,
    in_force: Pool,
    /// Sections in order: number and title.
    sections: Vec<(String, String)>,
    next_section: usize,
    /// Footnotes: mark and text.
    footnotes: Vec<(String, String)>,
    gaps: Vec<u64>,
    next_int: u64,
    year: i32,
}

/// Operation kinds and their relative weights (about 10,000 in all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Replace,
    ReplaceEverywhere,
    Insert,
    Delete,
    RestateItem,
    RestateCell,
    RestateRow,
    AddRow,
    RemoveRow,
    AddItemAfter,
    AddItemToSection,
    AddSection,
    Repeal,
    Exclude,
    Renumber,
    AddFootnote,
    RestateFootnote,
    RemoveFootnote,
    /// «абзац второй графы «…» пункта 5 изложить в следующей редакции».
    RestateParagraph,
    /// «графу «…» пункта 5 (после абзаца второго) дополнить абзацем».
    AddParagraph,
    /// «абзац третий графы «…» пункта 5 исключить».
    DeleteParagraph,
    /// «в абзаце втором графы «…» пункта 5 слова «…» заменить словами «…»».
    ReplaceInParagraph,
    /// «графу «…» пункта 5 дополнить словами «…»», no anchor: at the end
    /// of the cell, or of one of its абзацы.
    InsertAtEnd,
    /// «в сноске 1 слова «…» заменить словами «…»».
    FootnoteWords,
    /// «сноску 1 дополнить словами «…»».
    FootnoteAtEnd,
    /// «наименование раздела III изложить в следующей редакции».
    RestateSection,
    /// «перед пунктом 8 дополнить пунктом 7.1» (Position::Before).
    AddItemBefore,
    /// «после раздела III дополнить разделом III.1».
    AddSectionAfter,
}

const WEIGHTS: &[(Kind, u32)] = &[
    (Kind::Replace, 2600),
    (Kind::ReplaceEverywhere, 10),
    (Kind::Insert, 1000),
    (Kind::Delete, 800),
    (Kind::RestateItem, 450),
    (Kind::RestateCell, 1100),
    (Kind::RestateRow, 400),
    (Kind::AddRow, 450),
    (Kind::RemoveRow, 300),
    (Kind::AddItemAfter, 600),
    (Kind::AddItemToSection, 250),
    (Kind::AddSection, 15),
    (Kind::Repeal, 450),
    (Kind::Exclude, 300),
    (Kind::Renumber, 300),
    (Kind::AddFootnote, 100),
    (Kind::RestateFootnote, 100),
    (Kind::RemoveFootnote, 60),
    (Kind::RestateParagraph, 120),
    (Kind::AddParagraph, 100),
    (Kind::DeleteParagraph, 80),
    (Kind::ReplaceInParagraph, 150),
    (Kind::InsertAtEnd, 150),
    (Kind::FootnoteWords, 40),
    (Kind::FootnoteAtEnd, 15),
    (Kind::RestateSection, 20),
    (Kind::AddItemBefore, 150),
    (Kind::AddSectionAfter, 10),
];

fn to_row(row: &MRow) -> Row {
    row.iter()
        .enumerate()
        .filter_map(|(c, t)| {
            t.as_ref()
                .map(|t| (COLUMNS[c].0.to_string(), Cell::new(t.as_str())))
        })
        .collect()
}

fn new_row(rng: &mut Rng, continuation: bool, year: i32) -> MRow {
    let mut row: MRow = Default::default();
    for (c, cell) in row.iter_mut().enumerate() {
        if c == MEASURE && continuation && rng.chance(0.5) {
            continue;
        }
        *cell = Some(cell_text(rng, c, year));
    }
    row
}

fn is_quote(c: char) -> bool {
    matches!(c, '«' | '»' | '"' | '„' | '“' | '”')
}

/// A run of 1..=`max` words of `text` without quotes, trimmed of
/// punctuation, with at least two letters or digits.
fn pick_words(rng: &mut Rng, text: &str, max: usize) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let n = 1 + rng.below(max.min(words.len()));
    let i = rng.below(words.len() - n + 1);
    let joined = words[i..i + n].join(" ");
    let trimmed = joined
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.');
    let ok = !trimmed.contains(is_quote)
        && !trimmed.contains(['(', ')'])
        && trimmed.chars().filter(|c| c.is_alphanumeric()).count() >= 2;
    ok.then(|| trimmed.to_string())
}

/// The first four-digit year in `text`, as a whole word.
fn a_year(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let boundary = (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && (i + 4 == b.len() || !b[i + 4].is_ascii_alphanumeric());
        (boundary && b[i..i + 4].iter().all(u8::is_ascii_digit)).then(|| &text[i..i + 4])
    })
}

impl Model {
    /// Adds an item at index `at` of the list.
    fn add_item(&mut self, item: MItem, at: usize) -> u32 {
        let slot = self.items.len() as u32;
        self.live.insert(item.number.clone(), slot);
        self.items.push(item);
        self.in_force.insert(slot);
        self.order.insert(at, slot);
        slot
    }

    /// The index of `slot` in the list.
    fn index_of(&self, slot: u32) -> usize {
        self.order.iter().position(|&s| s == slot).unwrap_or(0)
    }

    /// Where an item added at the end of section `section` goes, as the
    /// engine places it: after the last item (excluded ones too) whose
    /// section is that one or an earlier one, else first.
    fn end_of_section(&self, section: &str) -> usize {
        let rank: HashMap<&str, usize> = self
            .sections
            .iter()
            .enumerate()
            .map(|(i, (n, _))| (n.as_str(), i))
            .collect();
        let target = rank.get(section).copied().unwrap_or(usize::MAX);
        self.order
            .iter()
            .rposition(|&s| {
                rank.get(self.items[s as usize].section.as_str())
                    .is_some_and(|&r| r <= target)
            })
            .map_or(0, |i| i + 1)
    }

    fn set_status(&mut self, slot: u32, status: St) {
        if self.items[slot as usize].status == St::InForce {
            self.in_force.remove(slot);
        }
        if status == St::InForce {
            self.in_force.insert(slot);
        }
        if status == St::Excluded {
            let number = self.items[slot as usize].number.clone();
            self.live.remove(&number);
            if let Ok(n) = number.parse() {
                self.gaps.push(n);
            }
        }
        self.items[slot as usize].status = status;
    }

    fn year(&mut self) -> i32 {
        self.year + self.rng.below(2) as i32
    }

    /// The matches of `needle` in one item, as the engine finds them: in
    /// the column and row given (else every one), and within абзац
    /// `paragraph` of each cell when given (cells without it skipped).
    fn locate(
        &self,
        slot: u32,
        column: Option<usize>,
        row: Option<usize>,
        paragraph: Option<usize>,
        needle: &Needle,
        whole: bool,
    ) -> Found {
        let item = &self.items[slot as usize];
        let rows = match row {
            Some(r) if r == 0 || r > item.rows.len() => return Vec::new(),
            Some(r) => r - 1..r,
            None => 0..item.rows.len(),
        };
        let mut found = Vec::new();
        for r in rows {
            for (c, text) in item.rows[r].iter().enumerate() {
                let Some(text) = text else { continue };
                if column.is_some_and(|col| col != c) {
                    continue;
                }
                let within = match paragraph {
                    None => 0..text.len(),
                    Some(n) => match paragraph_range(text, n) {
                        Some(range) => range,
                        None => continue,
                    },
                };
                for range in needle.find(&text[within.clone()], whole) {
                    found.push((r, c, range.start + within.start..range.end + within.start));
                }
            }
        }
        found
    }

    fn apply_found(&mut self, slot: u32, found: &Found, edit: &Edit) {
        let item = &mut self.items[slot as usize];
        let mut i = 0;
        while i < found.len() {
            let (r, c) = (found[i].0, found[i].1);
            let mut j = i;
            while j < found.len() && found[j].0 == r && found[j].1 == c {
                j += 1;
            }
            let ranges: Vec<Range<usize>> = found[i..j].iter().map(|m| m.2.clone()).collect();
            if let Some(cell) = item.rows[r][c].as_mut() {
                *cell = edited(cell, &ranges, edit);
            }
            i = j;
        }
    }

    fn pick_column(&mut self) -> usize {
        match self.rng.below(20) {
            0..=8 => RESPONSIBLE,
            9..=13 => DEADLINE,
            14..=18 => MEASURE,
            _ => RESULT,
        }
    }

    /// An in-force item and row with text in `column`.
    fn pick_cell(&mut self, column: usize) -> Option<(u32, usize)> {
        for _ in 0..20 {
            let slot = self.in_force.pick(&mut self.rng)?;
            let rows = self.items[slot as usize].rows.len();
            let r = self.rng.below(rows);
            if self.items[slot as usize].rows[r][column]
                .as_deref()
                .is_some_and(|t| t.chars().filter(|c| c.is_alphanumeric()).count() >= 2)
            {
                return Some((slot, r));
            }
        }
        None
    }

    /// The words to find in a cell, and what replaces them.
    fn needle(&mut self, text: &str, column: usize) -> Option<(String, String)> {
        match column {
            RESPONSIBLE => {
                let present: Vec<&str> =
                    NAMES.iter().copied().filter(|n| text.contains(n)).collect();
                if !present.is_empty() && self.rng.chance(0.85) {
                    let from = self.rng.pick(&present).to_string();
                    let to = loop {
                        let to = *self.rng.pick(NAMES);
                        if to != from {
                            break to.to_string();
                        }
                    };
                    return Some((from, to));
                }
            }
            DEADLINE => {
                if let Some(y) = a_year(text).filter(|_| self.rng.chance(0.7)) {
                    let next: i32 = y.parse().ok()?;
                    return Some((y.to_string(), (next + 1).to_string()));
                }
                // The whole deadline, when it is one line (a quote does
                // not run over lines).
                if self.rng.chance(0.5) && !text.contains(is_quote) && !text.contains('\n') {
                    let year = self.year();
                    return Some((text.trim().to_string(), deadline_text(&mut self.rng, year)));
                }
            }
            _ => {
                if text.contains("сети «Интернет»") && self.rng.chance(0.2) {
                    return Some((
                        "сети «Интернет»".into(),
                        "информационно-телекоммуникационной сети «Интернет»".into(),
                    ));
                }
            }
        }
        let max = if column == MEASURE { 3 } else { 2 };
        let from = pick_words(&mut self.rng, text, max)?;
        let to = self.rng.pick(REPLACEMENTS).to_string();
        (from != to).then_some((from, to))
    }

    fn operation(&mut self, kind: Kind) -> Option<Operation> {
        match kind {
            Kind::Replace | Kind::Insert | Kind::Delete => self.words(kind),
            Kind::ReplaceEverywhere => self.everywhere(),
            Kind::RestateItem => {
                let slot = self.in_force.pick(&mut self.rng)?;
                let rows = self.new_rows();
                let op = Operation::RestateItem {
                    point: None,
                    item: self.items[slot as usize].number.clone(),
                    rows: rows.iter().map(to_row).collect(),
                };
                self.items[slot as usize].rows = rows;
                Some(op)
            }
            Kind::RestateCell => {
                let slot = self.in_force.pick(&mut self.rng)?;
                let column = self.pick_column();
                let nrows = self.items[slot as usize].rows.len();
                let r = self.rng.below(nrows);
                let row = (nrows > 1 || self.rng.chance(0.3)).then_some(r + 1);
                let year = self.year();
                let text = cell_text(&mut self.rng, column, year);
                let op = Operation::RestateCell {
                    point: None,
                    item: self.items[slot as usize].number.clone(),
                    row,
                    column: self.column_reference(column),
                    text: text.clone(),
                };
                self.items[slot as usize].rows[r][column] = Some(text);
                Some(op)
            }
            Kind::RestateRow => {
                let slot = self.in_force.pick(&mut self.rng)?;
                let r = self.rng.below(self.items[slot as usize].rows.len());
                let year = self.year();
                let row = new_row(&mut self.rng, r > 0, year);
                let op = Operation::RestateRow {
                    point: None,
                    item: self.items[slot as usize].number.clone(),
                    row: r + 1,
                    cells: to_row(&row),
                };
                self.items[slot as usize].rows[r] = row;
                Some(op)
            }
            Kind::AddRow => {
                let slot = self.in_force.pick(&mut self.rng)?;
                let nrows = self.items[slot as usize].rows.len();
                if nrows >= 5 {
                    return None;
                }
                // At the end, or «после строки N»; not before the first row:
                // the reader, as of this writing, reads «перед строкой 1
                // дополнить строкой» as a row added at the end.
                let after_row =
                    (nrows > 1 && self.rng.chance(0.5)).then(|| self.rng.between(1, nrows - 1));
                let at = after_row.unwrap_or(nrows);
                let year = self.year();
                let row = new_row(&mut self.rng, true, year);
                let op = Operation::AddRow {
                    point: None,
                    item: self.items[slot as usize].number.clone(),
                    after_row,
                    cells: to_row(&row),
                };
                self.items[slot as usize].rows.insert(at, row);
                Some(op)
            }
            Kind::RemoveRow => {
                for _ in 0..20 {
                    let slot = self.in_force.pick(&mut self.rng)?;
                    let nrows = self.items[slot as usize].rows.len();
                    if nrows < 2 {
                        continue;
                    }
                    let r = self.rng.below(nrows);
                    self.items[slot as usize].rows.remove(r);
                    return Some(Operation::RemoveRow {
                        point: None,
                        item: self.items[slot as usize].number.clone(),
                        row: r + 1,
                    });
                }
                None
            }
            Kind::AddItemAfter => {
                let anchor = self.in_force.pick(&mut self.rng)?;
                let anchor_number = self.items[anchor as usize].number.clone();
                let base = anchor_number.split('.').next()?.to_string();
                let number = (1..)
                    .map(|k| format!("{base}.{k}"))
                    .find(|n| !self.live.contains_key(n))?;
                let rows = self.new_rows();
                let op = Operation::AddItem {
                    point: None,
                    number: number.clone(),
                    id: None,
                    position: Position::After(anchor_number),
                    rows: rows.iter().map(to_row).collect(),
                };
                let at = self.index_of(anchor) + 1;
                let section = self.items[anchor as usize].section.clone();
                self.add_item(
                    MItem {
                        number,
                        section,
                        status: St::InForce,
                        rows,
                    },
                    at,
                );
                Some(op)
            }
            Kind::AddItemToSection => {
                let section = self.rng.pick(&self.sections).0.clone();
                let number = loop {
                    let n = self.next_int.to_string();
                    self.next_int += 1;
                    if !self.live.contains_key(&n) {
                        break n;
                    }
                };
                let rows = self.new_rows();
                let op = Operation::AddItem {
                    point: None,
                    number: number.clone(),
                    id: None,
                    position: Position::EndOfSection(section.clone()),
                    rows: rows.iter().map(to_row).collect(),
                };
                let at = self.end_of_section(&section);
                self.add_item(
                    MItem {
                        number,
                        section,
                        status: St::InForce,
                        rows,
                    },
                    at,
                );
                Some(op)
            }
            Kind::AddSection => {
                if self.next_section >= 40 {
                    return None;
                }
                let number = roman(self.next_section);
                self.next_section += 1;
                let title = self.rng.pick(SECTION_TITLES).to_string();
                self.sections.push((number.clone(), title.clone()));
                Some(Operation::AddSection {
                    point: None,
                    number,
                    title,
                    id: None,
                    after: None,
                    before: None,
                })
            }
            Kind::Repeal | Kind::Exclude => {
                if self.in_force.items.len() * 3 < self.items.len() * 2 {
                    return None;
                }
                let slot = self.in_force.pick(&mut self.rng)?;
                let item = self.items[slot as usize].number.clone();
                if kind == Kind::Repeal {
                    self.set_status(slot, St::Repealed);
                    Some(Operation::RepealItem { point: None, item })
                } else {
                    self.set_status(slot, St::Excluded);
                    Some(Operation::ExcludeItem { point: None, item })
                }
            }
            Kind::Renumber => self.renumber(),
            Kind::RestateParagraph | Kind::AddParagraph | Kind::DeleteParagraph => {
                self.paragraph(kind)
            }
            Kind::ReplaceInParagraph => self.words_in_paragraph(),
            Kind::InsertAtEnd => self.at_end(),
            Kind::FootnoteWords | Kind::FootnoteAtEnd => self.footnote_words(kind),
            Kind::RestateSection => {
                let at = self.rng.below(self.sections.len());
                let title = loop {
                    let t = *self.rng.pick(SECTION_TITLES);
                    if t != self.sections[at].1 {
                        break t.to_string();
                    }
                };
                self.sections[at].1 = title.clone();
                Some(Operation::RestateSection {
                    point: None,
                    section: self.sections[at].0.clone(),
                    title,
                })
            }
            Kind::AddItemBefore => {
                // «Перед пунктом 8 дополнить пунктом 7.1»: numbered under
                // the number before the anchor's.
                let anchor = self.in_force.pick(&mut self.rng)?;
                let anchor_number = self.items[anchor as usize].number.clone();
                let (prefix, last) = match anchor_number.rsplit_once('.') {
                    Some((p, l)) => (format!("{p}."), l),
                    None => (String::new(), anchor_number.as_str()),
                };
                let n: u64 = last.parse().ok().filter(|n| *n >= 2)?;
                let base = format!("{prefix}{}", n - 1);
                let number = (1..)
                    .map(|k| format!("{base}.{k}"))
                    .find(|n| !self.live.contains_key(n))?;
                let rows = self.new_rows();
                let op = Operation::AddItem {
                    point: None,
                    number: number.clone(),
                    id: None,
                    position: Position::Before(anchor_number),
                    rows: rows.iter().map(to_row).collect(),
                };
                let at = self.index_of(anchor);
                let section = self.items[anchor as usize].section.clone();
                self.add_item(
                    MItem {
                        number,
                        section,
                        status: St::InForce,
                        rows,
                    },
                    at,
                );
                Some(op)
            }
            Kind::AddSectionAfter => {
                if self.sections.len() >= 40 {
                    return None;
                }
                let at = self.rng.below(self.sections.len());
                let after = self.sections[at].0.clone();
                let number = (1..)
                    .map(|k| format!("{after}.{k}"))
                    .find(|n| self.sections.iter().all(|s| s.0 != *n))?;
                let title = self.rng.pick(SECTION_TITLES).to_string();
                self.sections
                    .insert(at + 1, (number.clone(), title.clone()));
                Some(Operation::AddSection {
                    point: None,
                    number,
                    title,
                    id: None,
                    after: Some(after),
                    before: None,
                })
            }
            Kind::AddFootnote => {
                let max = self
                    .footnotes
                    .iter()
                    .filter_map(|f| f.0.split('.').next()?.parse::<u32>().ok())
                    .max()
                    .unwrap_or(0);
                let number = (max + 1).to_string();
                let text = self.rng.pick(FOOTNOTES).to_string();
                self.footnotes.push((number.clone(), text.clone()));
                Some(Operation::AddFootnote {
                    point: None,
                    number,
                    text,
                })
            }
            Kind::RestateFootnote => {
                if self.footnotes.is_empty() {
                    return None;
                }
                let at = self.rng.below(self.footnotes.len());
                let year = self.year();
                let deadline = deadline_text(&mut self.rng, year);
                let text = format!(
                    "{} Срок представления информации — {deadline}.",
                    self.rng.pick(FOOTNOTES)
                );
                self.footnotes[at].1 = text.clone();
                Some(Operation::RestateFootnote {
                    point: None,
                    number: self.footnotes[at].0.clone(),
                    text,
                })
            }
            Kind::RemoveFootnote => {
                if self.footnotes.len() < 3 {
                    return None;
                }
                let at = self.rng.below(self.footnotes.len());
                let (number, _) = self.footnotes.remove(at);
                Some(Operation::RemoveFootnote {
                    point: None,
                    number,
                })
            }
        }
    }

    /// An in-force item, a row and a column with text, for the абзац
    /// formulas: mostly «Ответственный исполнитель», whose cells hold
    /// several lines. The cell has `min_lines` lines or more, and at most
    /// twelve (they are named by ordinals).
    fn paragraph_cell(&mut self, min_lines: usize) -> Option<(u32, usize, usize, usize)> {
        let column = if self.rng.chance(0.7) {
            RESPONSIBLE
        } else {
            self.pick_column()
        };
        let (slot, r) = self.pick_cell(column)?;
        let lines = self.items[slot as usize].rows[r][column]
            .as_deref()?
            .split('\n')
            .count();
        (min_lines..=12)
            .contains(&lines)
            .then_some((slot, r, column, lines))
    }

    /// The row to name in a one-cell formula: needed when the item has
    /// several, now and then given when it has one.
    fn row_reference(&mut self, slot: u32, r: usize) -> Option<usize> {
        let nrows = self.items[slot as usize].rows.len();
        (nrows > 1 || self.rng.chance(0.2)).then_some(r + 1)
    }

    /// The text of a new абзац (one line) in `column`; a name that is not
    /// the cell's last line ends with a comma, as the lists do.
    fn paragraph_text(&mut self, column: usize, comma: bool) -> String {
        match column {
            RESPONSIBLE => format!("{}{}", self.rng.pick(NAMES), if comma { "," } else { "" }),
            DEADLINE => {
                let year = self.year();
                deadline_text(&mut self.rng, year)
            }
            _ => result_text(&mut self.rng),
        }
    }

    /// An абзац (line) of a cell restated, added or taken out.
    fn paragraph(&mut self, kind: Kind) -> Option<Operation> {
        let min_lines = if kind == Kind::DeleteParagraph { 2 } else { 1 };
        let (slot, r, column, lines) = self.paragraph_cell(min_lines)?;
        let row = self.row_reference(slot, r);
        let item = self.items[slot as usize].number.clone();
        let column_ref = self.column_reference(column);
        let cell = self.items[slot as usize].rows[r][column].clone()?;
        let mut text: Vec<String> = cell.split('\n').map(str::to_string).collect();
        let op = match kind {
            Kind::RestateParagraph => {
                let paragraph = self.rng.between(1, lines);
                let new = self.paragraph_text(column, paragraph < lines);
                text[paragraph - 1] = new.clone();
                Operation::RestateParagraph {
                    point: None,
                    item,
                    row,
                    column: column_ref,
                    paragraph,
                    text: new,
                }
            }
            Kind::AddParagraph => {
                if lines >= 12 {
                    return None;
                }
                let after = match self.rng.below(4) {
                    0 | 1 => None,
                    _ => Some(self.rng.below(lines + 1)),
                };
                let at = after.unwrap_or(lines);
                let new = self.paragraph_text(column, at < lines);
                text.insert(at, new.clone());
                Operation::AddParagraph {
                    point: None,
                    item,
                    row,
                    column: column_ref,
                    after,
                    text: new,
                }
            }
            _ => {
                let paragraph = self.rng.between(1, lines);
                text.remove(paragraph - 1);
                Operation::DeleteParagraph {
                    point: None,
                    item,
                    row,
                    column: column_ref,
                    paragraph,
                }
            }
        };
        // A cell left with no text leaves the row, as in the engine.
        let text = text.join("\n");
        self.items[slot as usize].rows[r][column] = (!text.is_empty()).then_some(text);
        Some(op)
    }

    /// «В абзаце втором графы «…» пункта 5 слова «…» заменить словами
    /// «…»»: the words in that абзац of the column, in the row named or in
    /// every row that has it.
    fn words_in_paragraph(&mut self) -> Option<Operation> {
        let (slot, r, column, lines) = self.paragraph_cell(1)?;
        let paragraph = self.rng.between(1, lines);
        let cell = self.items[slot as usize].rows[r][column].clone()?;
        let line = cell.split('\n').nth(paragraph - 1)?;
        let (from, to) = self.needle(line, column)?;
        let nrows = self.items[slot as usize].rows.len();
        let row = (nrows > 1 && self.rng.chance(0.5)).then_some(r + 1);
        let needle = Needle::new(&from);
        let found = self.locate(slot, Some(column), row, Some(paragraph), &needle, true);
        if found.is_empty() {
            return None;
        }
        self.apply_found(slot, &found, &Edit::Replace(&to));
        Some(Operation::ReplaceWords {
            point: None,
            items: Targets::Items(vec![self.items[slot as usize].number.clone()]),
            column: Some(self.column_reference(column)),
            row,
            paragraph: Some(paragraph),
            from,
            to,
            occurrence: Occurrence::All,
            substring: false,
        })
    }

    /// «графу «…» пункта 5 дополнить словами «…»» (or «абзац второй графы
    /// «…» …»): words at the end of one cell or абзац.
    fn at_end(&mut self) -> Option<Operation> {
        let column = self.pick_column();
        let (slot, r) = self.pick_cell(column)?;
        let row = self.row_reference(slot, r);
        let cell = self.items[slot as usize].rows[r][column].clone()?;
        let lines = cell.split('\n').count();
        let paragraph =
            (lines > 1 && lines <= 12 && self.rng.chance(0.5)).then(|| self.rng.between(1, lines));
        let words = match column {
            DEADLINE => ", далее ежегодно".to_string(),
            RESPONSIBLE => "(по согласованию)".to_string(),
            _ => self.rng.pick(INSERTS).to_string(),
        };
        let end = match paragraph {
            Some(p) => paragraph_range(&cell, p)?.end,
            None => cell.len(),
        };
        self.items[slot as usize].rows[r][column] = Some(edited(
            &cell,
            std::slice::from_ref(&(end..end)),
            &Edit::After(&words),
        ));
        Some(Operation::InsertWords {
            point: None,
            items: Targets::Items(vec![self.items[slot as usize].number.clone()]),
            column: Some(self.column_reference(column)),
            row,
            paragraph,
            anchor: Anchor::End,
            words,
            occurrence: Occurrence::All,
            substring: false,
        })
    }

    /// Words replaced in a footnote, or added at its end.
    fn footnote_words(&mut self, kind: Kind) -> Option<Operation> {
        if self.footnotes.is_empty() {
            return None;
        }
        let at = self.rng.below(self.footnotes.len());
        let (mark, text) = self.footnotes[at].clone();
        let items = Targets::Footnote(mark);
        if kind == Kind::FootnoteAtEnd {
            let words = "Информация обновляется ежегодно.";
            self.footnotes[at].1 = edited(
                &text,
                std::slice::from_ref(&(text.len()..text.len())),
                &Edit::After(words),
            );
            return Some(Operation::InsertWords {
                point: None,
                items,
                column: None,
                row: None,
                paragraph: None,
                anchor: Anchor::End,
                words: words.to_string(),
                occurrence: Occurrence::All,
                substring: false,
            });
        }
        let from = pick_words(&mut self.rng, &text, 2)?;
        let to = match from.parse::<u32>() {
            // A year: the next one.
            Ok(year) => (year + 1).to_string(),
            Err(_) => self.rng.pick(REPLACEMENTS).to_string(),
        };
        let found = Needle::new(&from).find(&text, true);
        if from == to || found.is_empty() {
            return None;
        }
        self.footnotes[at].1 = edited(&text, &found, &Edit::Replace(&to));
        Some(Operation::ReplaceWords {
            point: None,
            items,
            column: None,
            row: None,
            paragraph: None,
            from,
            to,
            occurrence: Occurrence::All,
            substring: false,
        })
    }

    fn column_reference(&mut self, column: usize) -> String {
        if self.rng.chance(0.3) {
            (column + 1).to_string()
        } else {
            COLUMNS[column].1.to_string()
        }
    }

    fn new_rows(&mut self) -> Vec<MRow> {
        let n = if self.rng.chance(0.85) { 1 } else { 2 };
        let year = self.year();
        (0..n)
            .map(|r| new_row(&mut self.rng, r > 0, year))
            .collect()
    }

    /// A word-level change in one or more items.
    fn words(&mut self, kind: Kind) -> Option<Operation> {
        let column = self.pick_column();
        let (slot, r) = self.pick_cell(column)?;
        let text = self.items[slot as usize].rows[r][column].clone()?;
        let (from, to) = self.needle(&text, column)?;
        let needle = Needle::new(&from);
        let nrows = self.items[slot as usize].rows.len();
        let row = (nrows > 1 && self.rng.chance(0.5)).then_some(r + 1);
        let col = (!self.rng.chance(0.1)).then_some(column);
        let whole = !self.rng.chance(0.03);
        let empties = |model: &Model, s: u32, found: &Found| {
            kind == Kind::Delete
                && found.iter().any(|(r, c, range)| {
                    let t = model.items[s as usize].rows[*r][*c]
                        .as_deref()
                        .unwrap_or("");
                    edited(t, std::slice::from_ref(range), &Edit::Delete)
                        .chars()
                        .filter(|c| c.is_alphanumeric())
                        .count()
                        < 2
                })
        };
        let found = self.locate(slot, col, row, None, &needle, whole);
        if found.is_empty() || empties(self, slot, &found) {
            return None;
        }
        let mut targets = vec![(slot, found)];
        // «В пунктах 10, 11 …»: other items with the same words.
        if col.is_some() && row.is_none() && self.rng.chance(0.3) {
            let want = self.rng.between(1, 3);
            for _ in 0..30 {
                if targets.len() > want {
                    break;
                }
                let Some(other) = self.in_force.pick(&mut self.rng) else {
                    break;
                };
                if targets.iter().any(|(s, _)| *s == other) {
                    continue;
                }
                let f = self.locate(other, col, None, None, &needle, whole);
                if !f.is_empty() && !empties(self, other, &f) {
                    targets.push((other, f));
                }
            }
        }
        let mut occurrence = Occurrence::All;
        if targets.len() == 1 && targets[0].1.len() > 1 && self.rng.chance(0.5) {
            let n = targets[0].1.len().min(12);
            let k = self.rng.between(1, n);
            occurrence = Occurrence::Nth(k);
            let chosen = targets[0].1.swap_remove(k - 1);
            targets[0].1 = vec![chosen];
        }
        let items = Targets::Items(
            targets
                .iter()
                .map(|(s, _)| self.items[*s as usize].number.clone())
                .collect(),
        );
        let column_ref = col.map(|c| self.column_reference(c));
        let substring = !whole;
        Some(match kind {
            Kind::Replace => {
                for (s, f) in &targets {
                    self.apply_found(*s, f, &Edit::Replace(&to));
                }
                Operation::ReplaceWords {
                    paragraph: None,
                    point: None,
                    items,
                    column: column_ref,
                    row,
                    from,
                    to,
                    occurrence,
                    substring,
                }
            }
            Kind::Insert => {
                let words = match column {
                    RESPONSIBLE => format!(", {}", self.rng.pick(NAMES)),
                    DEADLINE => "(ежегодно)".to_string(),
                    _ => self.rng.pick(INSERTS).to_string(),
                };
                let after = self.rng.chance(0.7) || starts_with_punctuation(&words);
                let edit = if after {
                    Edit::After(&words)
                } else {
                    Edit::Before(&words)
                };
                for (s, f) in &targets {
                    self.apply_found(*s, f, &edit);
                }
                Operation::InsertWords {
                    paragraph: None,
                    point: None,
                    items,
                    column: column_ref,
                    row,
                    anchor: if after {
                        Anchor::After(from)
                    } else {
                        Anchor::Before(from)
                    },
                    words,
                    occurrence,
                    substring,
                }
            }
            _ => {
                for (s, f) in &targets {
                    self.apply_found(*s, f, &Edit::Delete);
                }
                Operation::DeleteWords {
                    paragraph: None,
                    point: None,
                    items,
                    column: column_ref,
                    row,
                    words: from,
                    occurrence,
                    substring,
                }
            }
        })
    }

    /// «По всему тексту слова «И.В. Никитина» заменить словами «Ф.И. Воронин»».
    fn everywhere(&mut self) -> Option<Operation> {
        let (slot, r) = self.pick_cell(RESPONSIBLE)?;
        let text = self.items[slot as usize].rows[r][RESPONSIBLE].clone()?;
        let from = NAMES.iter().find(|n| text.contains(*n))?.to_string();
        let to = loop {
            let to = *self.rng.pick(NAMES);
            if to != from {
                break to.to_string();
            }
        };
        let needle = Needle::new(&from);
        for s in 0..self.items.len() as u32 {
            if self.items[s as usize].status != St::InForce {
                continue;
            }
            let found = self.locate(s, None, None, None, &needle, true);
            if !found.is_empty() {
                self.apply_found(s, &found, &Edit::Replace(&to));
            }
        }
        Some(Operation::ReplaceWords {
            paragraph: None,
            point: None,
            items: Targets::All,
            column: None,
            row: None,
            from,
            to,
            occurrence: Occurrence::All,
            substring: false,
        })
    }

    /// «Пункты 6–8 считать соответственно пунктами 5–7» into a gap left by
    /// an excluded item.
    fn renumber(&mut self) -> Option<Operation> {
        let gap = self.gaps.pop()?;
        if self.live.contains_key(&gap.to_string()) {
            return None;
        }
        let mut from = Vec::new();
        for k in 1..=4u64 {
            let n = (gap + k).to_string();
            if !self.live.contains_key(&n) {
                break;
            }
            from.push(n);
        }
        if from.is_empty() {
            return None;
        }
        let to: Vec<String> = (0..from.len() as u64)
            .map(|k| (gap + k).to_string())
            .collect();
        let slots: Vec<u32> = from.iter().map(|n| self.live[n]).collect();
        for n in &from {
            self.live.remove(n);
        }
        for (slot, n) in slots.iter().zip(&to) {
            self.items[*slot as usize].number = n.clone();
            self.live.insert(n.clone(), *slot);
        }
        self.gaps.push(gap + from.len() as u64);
        Some(Operation::Renumber {
            point: None,
            from,
            to,
        })
    }

    /// Compares the history's last revision with the model.
    fn check(&self, history: &History) -> Result<(), String> {
        let last = history.revision(history.revisions().len() - 1);
        let mut expected: HashMap<&str, &MItem> = self
            .items
            .iter()
            .filter(|i| i.status != St::Excluded)
            .map(|i| (i.number.as_str(), i))
            .collect();
        for item in last.items() {
            let Some(m) = expected.remove(item.number.as_str()) else {
                return Err(format!("item {} is not expected", item.number));
            };
            if (m.status == St::Repealed) != matches!(item.status, ItemStatus::Repealed { .. }) {
                return Err(format!("status of item {}", item.number));
            }
            if item.section.as_deref() != Some(m.section.as_str()) {
                return Err(format!(
                    "item {} is in section {:?}, expected {}",
                    item.number, item.section, m.section
                ));
            }
            let actual: Vec<Vec<(usize, &str)>> = item
                .rows
                .iter()
                .map(|r| r.cells.iter().map(|c| (c.column, &*c.text)).collect())
                .collect();
            let wanted: Vec<Vec<(usize, &str)>> = m
                .rows
                .iter()
                .map(|r| {
                    r.iter()
                        .enumerate()
                        .filter_map(|(c, t)| t.as_deref().map(|t| (c, t)))
                        .collect()
                })
                .collect();
            if actual != wanted {
                return Err(format!(
                    "text of item {}: {actual:?} != {wanted:?}",
                    item.number
                ));
            }
        }
        if let Some(n) = expected.keys().next() {
            return Err(format!("item {n} is missing"));
        }
        let listed = self
            .order
            .iter()
            .map(|&s| &self.items[s as usize])
            .filter(|i| i.status != St::Excluded)
            .map(|i| i.number.as_str());
        if let Some((k, (a, b))) = last
            .items()
            .map(|i| i.number.as_str())
            .zip(listed)
            .enumerate()
            .find(|(_, (a, b))| a != b)
        {
            return Err(format!(
                "the list differs at its {}th item: {a}, expected {b}",
                k + 1
            ));
        }
        let mut marks: Vec<(&str, &str)> = last
            .footnotes()
            .iter()
            .map(|f| (f.number.as_str(), &*f.text))
            .collect();
        let mut want: Vec<(&str, &str)> = self
            .footnotes
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        marks.sort_unstable();
        want.sort_unstable();
        if marks != want {
            return Err(format!("footnotes {marks:?} != {want:?}"));
        }
        let sections: Vec<(&str, &str)> = last
            .sections()
            .iter()
            .map(|s| (s.number.as_str(), s.title.as_str()))
            .collect();
        let want: Vec<(&str, &str)> = self
            .sections
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        if sections != want {
            return Err(format!("sections {sections:?} != {want:?}"));
        }
        Ok(())
    }
}

/// One generated plan: the plan, its orders as text, the model of its
/// final state, and the orders generated (kept only to compare).
struct Generated {
    plan: Plan,
    texts: Vec<String>,
    model: Model,
    orders: Vec<Order>,
    operations: usize,
}

/// Generates plan `index` of the corpus with `orders` orders.
fn generate(seed: u64, index: u64, orders: usize, keep_orders: bool) -> Generated {
    let mut rng = Rng::new(seed ^ index.wrapping_mul(0x2545_f491_4f6c_dd1d));
    let (issuer, capitals, title) = *rng.pick(ISSUERS);
    let items = 30 + (rng.below(1 << 16) * rng.below(1 << 16)) % 371;
    let nsections = rng.between(2, 9);
    let plan_date = NaiveDate::from_ymd_opt(2010 + rng.below(10) as i32, 1, 1).unwrap_or_default()
        + Days::new(rng.below(365) as u64);
    let columns: Vec<Column> = COLUMNS
        .iter()
        .map(|(id, title)| Column {
            id: id.to_string(),
            title: title.to_string(),
            reconstructed: false,
        })
        .collect();
    let sections: Vec<Section> = (1..=nsections)
        .map(|n| Section {
            id: None,
            number: roman(n),
            title: SECTION_TITLES[(n - 1) % SECTION_TITLES.len()].to_string(),
        })
        .collect();
    let mut model = Model {
        rng: Rng::new(rng.next_u64()),
        items: Vec::with_capacity(items * 2),
        order: Vec::with_capacity(items * 2),
        live: HashMap::with_capacity(items * 2),
        in_force: Pool::default(),
        sections: sections
            .iter()
            .map(|s| (s.number.clone(), s.title.clone()))
            .collect(),
        next_section: nsections + 1,
        footnotes: Vec::new(),
        gaps: Vec::new(),
        next_int: items as u64 + 1,
        year: plan_date.year(),
    };
    let mut plan_items = Vec::with_capacity(items);
    for i in 0..items {
        let number = (i + 1).to_string();
        let nrows = match rng.below(10) {
            0..=6 => 1,
            7 | 8 => 2,
            _ => 3,
        };
        let rows: Vec<MRow> = (0..nrows)
            .map(|r| new_row(&mut rng, r > 0, plan_date.year() + 1))
            .collect();
        let section = roman(1 + i * nsections / items);
        plan_items.push(Item {
            id: None,
            number: number.clone(),
            section: Some(section.clone()),
            rows: rows.iter().map(to_row).collect(),
        });
        model.add_item(
            MItem {
                number,
                section,
                status: St::InForce,
                rows,
            },
            i,
        );
    }
    let footnotes: Vec<Footnote> = (1..=rng.between(0, 4))
        .map(|n| Footnote {
            number: n.to_string(),
            text: FOOTNOTES[n - 1].to_string(),
            reconstructed: false,
        })
        .collect();
    model.footnotes = footnotes
        .iter()
        .map(|f| (f.number.clone(), f.text.clone()))
        .collect();
    let plan_number = rng.between(100, 1500).to_string();
    let plan = Plan {
        title: title.to_string(),
        act: Act::new(ActKind::Prikaz, issuer, plan_number, plan_date),
        effective: None,
        columns,
        sections,
        items: plan_items,
        footnotes,
        notes: Vec::new(),
    };

    // Dates: signed over a few years; most take effect when signed.
    let years = rng.between(2, 8) as u64;
    let mut signed: Vec<NaiveDate> = (0..orders)
        .map(|_| plan_date + Days::new(1 + rng.below((years * 365) as usize) as u64))
        .collect();
    signed.sort();
    let mut acts: Vec<(Act, Option<NaiveDate>)> = Vec::with_capacity(orders);
    let mut counter = 0;
    let mut year = 0;
    for date in signed {
        if date.year() != year {
            year = date.year();
            counter = 0;
        }
        counter += rng.between(1, 40);
        let kind = if rng.chance(0.85) {
            ActKind::Prikaz
        } else {
            ActKind::Rasporyazhenie
        };
        let number = match kind {
            ActKind::Rasporyazhenie => format!("{counter}-р"),
            _ => counter.to_string(),
        };
        let effective = match rng.below(100) {
            0..=84 => None,
            85..=94 => NaiveDate::from_ymd_opt(date.year(), date.month(), 1)
                .and_then(|d| d.checked_add_months(chrono::Months::new(1))),
            _ => Some(date + Days::new(rng.between(10, 120) as u64)),
        };
        acts.push((Act::new(kind, issuer, number, date), effective));
    }
    acts.sort_by_key(|(a, eff)| (eff.unwrap_or(a.date), a.date));

    let total: u32 = WEIGHTS.iter().map(|(_, w)| w).sum();
    let mut texts = Vec::with_capacity(orders);
    let mut kept = Vec::new();
    let mut operations = 0;
    let mut printer = Rng::new(rng.next_u64());
    for (act, effective) in acts {
        model.year = effective.unwrap_or(act.date).year();
        // Mostly short orders, now and then a long one.
        let n = 1 + (-(1.0 - rng.below(1 << 20) as f64 / (1 << 20) as f64).ln() * 7.5) as usize;
        let mut ops = Vec::with_capacity(n);
        let mut tries = 0;
        while ops.len() < n && tries < n * 20 {
            tries += 1;
            let mut x = model.rng.below(total as usize) as u32;
            let kind = WEIGHTS
                .iter()
                .find(|(_, w)| {
                    if x < *w {
                        true
                    } else {
                        x -= w;
                        false
                    }
                })
                .map_or(Kind::Replace, |k| k.0);
            if let Some(op) = model.operation(kind) {
                ops.push(op);
            }
        }
        operations += ops.len();
        let order = Order {
            act,
            effective,
            effective_assumed: None,
            amends: None,
            operations: ops,
        };
        texts.push(order_text(&mut printer, &order, &plan, capitals));
        if keep_orders {
            kept.push(order);
        }
    }
    Generated {
        plan,
        texts,
        model,
        orders: kept,
        operations,
    }
}

// ---------------------------------------------------------------------------
// Printing orders as text.

const ORDINALS_LOC: [&str; 12] = [
    "первом",
    "втором",
    "третьем",
    "четвертом",
    "пятом",
    "шестом",
    "седьмом",
    "восьмом",
    "девятом",
    "десятом",
    "одиннадцатом",
    "двенадцатом",
];

const ORDINALS_NOM: [&str; 12] = [
    "первый",
    "второй",
    "третий",
    "четвертый",
    "пятый",
    "шестой",
    "седьмой",
    "восьмой",
    "девятый",
    "десятый",
    "одиннадцатый",
    "двенадцатый",
];

const ORDINALS_GEN: [&str; 12] = [
    "первого",
    "второго",
    "третьего",
    "четвертого",
    "пятого",
    "шестого",
    "седьмого",
    "восьмого",
    "девятого",
    "десятого",
    "одиннадцатого",
    "двенадцатого",
];

const ORDINALS_INS: [&str; 12] = [
    "первым",
    "вторым",
    "третьим",
    "четвертым",
    "пятым",
    "шестым",
    "седьмым",
    "восьмым",
    "девятым",
    "десятым",
    "одиннадцатым",
    "двенадцатым",
];

/// The ordinal of `n` from `table` (1-based), or the number past it.
fn ordinal(table: &[&str; 12], n: usize) -> String {
    match n.checked_sub(1).and_then(|i| table.get(i)) {
        Some(o) => o.to_string(),
        None => n.to_string(),
    }
}

/// «абзац второй», now and then «второй абзац» or «абзац 2».
fn paragraph_nominative(rng: &mut Rng, n: usize) -> String {
    match rng.below(10) {
        0 => format!("абзац {n}"),
        1 | 2 => format!("{} абзац", ordinal(&ORDINALS_NOM, n)),
        _ => format!("абзац {}", ordinal(&ORDINALS_NOM, n)),
    }
}

/// «в абзаце втором», now and then «в абзаце 2».
fn paragraph_locative(rng: &mut Rng, n: usize) -> String {
    if rng.chance(0.1) {
        format!("в абзаце {n}")
    } else {
        format!("в абзаце {}", ordinal(&ORDINALS_LOC, n))
    }
}

/// «графы «Срок исполнения»», «графы 3».
fn column_genitive(reference: &str) -> String {
    match reference.parse::<usize>() {
        Ok(n) => format!("графы {n}"),
        Err(_) => format!("графы «{reference}»"),
    }
}

/// « строки 2», or nothing.
fn row_words(row: Option<usize>) -> String {
    row.map(|r| format!(" строки {r}")).unwrap_or_default()
}

/// « пункта 5», « пунктов 5 и 6», or nothing.
fn items_genitive(items: Option<&Targets>) -> String {
    match items {
        Some(Targets::Items(n)) if n.len() == 1 => format!(" пункта {}", n[0]),
        Some(Targets::Items(n)) => format!(" пунктов {}", list(n)),
        _ => String::new(),
    }
}

const LETTERS: [&str; 12] = ["а", "б", "в", "г", "д", "е", "ж", "з", "и", "к", "л", "м"];

/// «29» августа 2014 г.
fn long_date(d: NaiveDate) -> String {
    format!(
        "«{:02}» {} {} г.",
        d.day(),
        MONTHS_GEN[d.month0() as usize],
        d.year()
    )
}

/// 1 октября 2014 г.
fn plain_date(d: NaiveDate) -> String {
    format!(
        "{} {} {} г.",
        d.day(),
        MONTHS_GEN[d.month0() as usize],
        d.year()
    )
}

fn dotted(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// How words are named: «слово», «слова», «цифры», «буквы» (inside words).
#[derive(Clone, Copy)]
enum WordsUnit {
    Word,
    Words,
    Digits,
    Letters,
}

fn words_unit(words: &str, substring: bool) -> WordsUnit {
    if substring {
        WordsUnit::Letters
    } else if words.chars().all(|c| c.is_ascii_digit()) {
        WordsUnit::Digits
    } else if words.contains(char::is_whitespace) {
        WordsUnit::Words
    } else {
        WordsUnit::Word
    }
}

impl WordsUnit {
    fn accusative(self) -> &'static str {
        match self {
            WordsUnit::Word => "слово",
            WordsUnit::Words => "слова",
            WordsUnit::Digits => "цифры",
            WordsUnit::Letters => "буквы",
        }
    }

    fn genitive(self) -> &'static str {
        match self {
            WordsUnit::Word | WordsUnit::Words => "слов",
            WordsUnit::Digits => "цифр",
            WordsUnit::Letters => "букв",
        }
    }

    fn instrumental(self) -> &'static str {
        match self {
            WordsUnit::Word => "словом",
            WordsUnit::Words => "словами",
            WordsUnit::Digits => "цифрами",
            WordsUnit::Letters => "буквами",
        }
    }
}

/// «графе «Срок исполнения»», «графе 3».
fn column_words(reference: &str, prepositional: bool) -> String {
    let unit = if prepositional {
        "графе"
    } else {
        "графу"
    };
    match reference.parse::<usize>() {
        Ok(n) => format!("{unit} {n}"),
        Err(_) => format!("{unit} «{reference}»"),
    }
}

/// «10», «10 и 11», «10, 11 и 12».
fn list(numbers: &[String]) -> String {
    match numbers {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} и {last}", init.join(", ")),
    }
}

/// The address of a word-level change: «в пункте 10», «в графе «Срок» пунктов
/// 5 и 6», «в строке 2 пункта 9». `None` for the items: the point above
/// names them.
fn word_address(
    rng: &mut Rng,
    items: Option<&Targets>,
    column: Option<&str>,
    row: Option<usize>,
    paragraph: Option<usize>,
) -> String {
    if let (Some(p), Some(c), Some(Targets::Items(_)) | None) = (paragraph, column, items) {
        // «в абзаце втором графы «Срок» строки 2 пункта 5».
        return format!(
            "{} {}{}{}",
            paragraph_locative(rng, p),
            column_genitive(c),
            row_words(row),
            items_genitive(items)
        );
    }
    let (item_loc, item_gen) = match items {
        Some(Targets::All) => return "по всему тексту".to_string(),
        Some(Targets::Footnote(mark)) => return format!("в сноске {mark}"),
        Some(Targets::Items(numbers)) if numbers.len() == 1 => (
            format!(" пункте {}", numbers[0]),
            format!(" пункта {}", numbers[0]),
        ),
        Some(Targets::Items(numbers)) => {
            let l = list(numbers);
            (format!(" пунктах {l}"), format!(" пунктов {l}"))
        }
        _ => (String::new(), String::new()),
    };
    match (column, row) {
        (None, None) if item_loc.is_empty() => String::new(),
        (None, None) => format!("в{item_loc}"),
        (None, Some(r)) => format!("в строке {r}{item_gen}"),
        (Some(c), None) => {
            if item_loc.is_empty() || rng.chance(0.5) {
                format!("в {}{item_gen}", column_words(c, true))
            } else {
                format!("в{item_loc} в {}", column_words(c, true))
            }
        }
        (Some(c), Some(r)) => format!("в {} строки {r}{item_gen}", column_words(c, true)),
    }
}

fn occurrence_words(occurrence: Occurrence) -> String {
    match occurrence {
        Occurrence::Nth(n) if (1..=12).contains(&n) => {
            format!(" в {} случае", ORDINALS_LOC[n - 1])
        }
        _ => String::new(),
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// One row of restated text: tab-separated cells, empty ones kept.
fn row_line(row: &Row) -> String {
    let mut out = String::new();
    for (id, _) in COLUMNS {
        out.push('\t');
        if let Some(cell) = row.get(id) {
            out.push_str(&cell.text);
        }
    }
    out
}

/// An item as restated text, as portals export tables: a one-row item
/// whose cells fit on their lines as one line with tabs between cells,
/// else one cell per line, rows after the first opening with an empty
/// number cell.
///
/// Rows after the first are not printed one row per line
/// («5.\tА\tБ\tВ\tГ\n\tА2\tБ2\tВ2\tГ2»): the reader, as of this
/// writing, takes such a row's first cell (А2) for its number cell and
/// shifts the rest one column left, without a diagnostic.
fn item_text(number: &str, rows: &[Row]) -> String {
    let multiline = rows.len() > 1
        || rows
            .iter()
            .any(|r| r.values().any(|c| c.text.contains('\n')));
    let mut out = format!("{number}.");
    if !multiline {
        for row in rows {
            out.push_str(&row_line(row));
        }
        return out;
    }
    for (k, row) in rows.iter().enumerate() {
        if k > 0 {
            out.push_str("\n\t");
        }
        for (id, _) in COLUMNS {
            out.push_str("\n\t");
            if let Some(cell) = row.get(id) {
                out.push_str(&cell.text);
            }
        }
    }
    out
}

/// The item a word-level change is in, when it is exactly one.
fn single_item(op: &Operation) -> Option<&str> {
    match op {
        Operation::ReplaceWords {
            items: Targets::Items(n),
            ..
        }
        | Operation::InsertWords {
            items: Targets::Items(n),
            ..
        }
        | Operation::DeleteWords {
            items: Targets::Items(n),
            ..
        } if n.len() == 1 => Some(&n[0]),
        _ => None,
    }
}

/// The formula of one operation, without its point number or final
/// punctuation, starting lower-case. With `in_item`, the item is named by
/// the point above and left out.
fn formula(rng: &mut Rng, op: &Operation, in_item: bool) -> String {
    match op {
        Operation::ReplaceWords {
            items,
            column,
            row,
            paragraph,
            from,
            to,
            occurrence,
            substring,
            ..
        } => {
            let address = word_address(
                rng,
                (!in_item).then_some(items),
                column.as_deref(),
                *row,
                *paragraph,
            );
            let u = words_unit(from, *substring);
            let v = words_unit(to, *substring);
            let nth = occurrence_words(*occurrence);
            let object = format!(
                "{} «{from}»{nth} заменить {} «{to}»",
                u.accusative(),
                v.instrumental()
            );
            if address.is_empty() {
                object
            } else if paragraph.is_none() && rng.chance(0.1) && matches!(items, Targets::Items(_)) {
                format!("{object} {address}")
            } else {
                format!("{address} {object}")
            }
        }
        Operation::InsertWords {
            items,
            column,
            row,
            paragraph,
            anchor,
            words,
            occurrence,
            substring,
            ..
        } => {
            let v = match words_unit(words, false) {
                WordsUnit::Word | WordsUnit::Letters => "словом",
                WordsUnit::Words => "словами",
                WordsUnit::Digits => "цифрами",
            };
            if *anchor == Anchor::End {
                // No anchor words: the cell, абзац or footnote is the
                // object, «графу «Срок» пункта 5 дополнить словами «…»».
                let items = (!in_item).then_some(items);
                let target = match (items, column, paragraph) {
                    (Some(Targets::Footnote(mark)), _, _) => format!("сноску {mark}"),
                    (_, Some(c), Some(p)) => format!(
                        "{} {}{}{}",
                        paragraph_nominative(rng, *p),
                        column_genitive(c),
                        row_words(*row),
                        items_genitive(items)
                    ),
                    (_, Some(c), None) => format!(
                        "{}{}{}",
                        column_words(c, false),
                        row_words(*row),
                        items_genitive(items)
                    ),
                    _ => format!("пункт{}", items_genitive(items)),
                };
                return format!("{target} дополнить {v} «{words}»");
            }
            let address = word_address(
                rng,
                (!in_item).then_some(items),
                column.as_deref(),
                *row,
                *paragraph,
            );
            let f = match anchor {
                Anchor::After(needle) | Anchor::Before(needle) => {
                    let preposition = if matches!(anchor, Anchor::After(_)) {
                        "после"
                    } else {
                        "перед"
                    };
                    let u = words_unit(needle, *substring);
                    let nth = occurrence_words(*occurrence);
                    format!(
                        "{preposition} {} «{needle}»{nth} дополнить {v} «{words}»",
                        u.genitive()
                    )
                }
                Anchor::End => format!("дополнить {v} «{words}»"),
                Anchor::Start => format!("дополнить в начале {v} «{words}»"),
            };
            if address.is_empty() {
                f
            } else {
                format!("{address} {f}")
            }
        }
        Operation::DeleteWords {
            items,
            column,
            row,
            paragraph,
            words,
            occurrence,
            substring,
            ..
        } => {
            let address = word_address(
                rng,
                (!in_item).then_some(items),
                column.as_deref(),
                *row,
                *paragraph,
            );
            let u = words_unit(words, *substring);
            let nth = occurrence_words(*occurrence);
            let f = format!("{} «{words}»{nth} исключить", u.accusative());
            if address.is_empty() {
                f
            } else {
                format!("{address} {f}")
            }
        }
        Operation::RestateItem { item, rows, .. } => {
            let how = if rng.chance(0.8) {
                "следующей"
            } else {
                "новой"
            };
            format!(
                "пункт {item} изложить в {how} редакции:\n«{}»",
                item_text(item, rows)
            )
        }
        Operation::RestateCell {
            item,
            row,
            column,
            text,
            ..
        } => {
            let target = match row {
                Some(r) => format!("{} строки {r} пункта {item}", column_words(column, false)),
                None if rng.chance(0.5) => {
                    format!("в пункте {item} {}", column_words(column, false))
                }
                None => format!("{} пункта {item}", column_words(column, false)),
            };
            format!("{target} изложить в следующей редакции:\n«{text}»")
        }
        Operation::RestateRow {
            item, row, cells, ..
        } => format!(
            "строку {row} пункта {item} изложить в следующей редакции:\n«{}»",
            row_line(cells)
        ),
        Operation::AddRow {
            item,
            after_row,
            cells,
            ..
        } => {
            let place = match after_row {
                Some(r) => format!(" после строки {r}"),
                None => String::new(),
            };
            format!(
                "пункт {item}{place} дополнить строкой следующего содержания:\n«{}»",
                row_line(cells)
            )
        }
        Operation::RemoveRow { item, row, .. } => format!("строку {row} пункта {item} исключить"),
        Operation::AddItem {
            number,
            position,
            rows,
            ..
        } => {
            let body = item_text(number, rows);
            match position {
                Position::After(anchor) => format!(
                    "после пункта {anchor} дополнить пунктом {number} следующего содержания:\n«{body}»"
                ),
                Position::Before(anchor) => format!(
                    "перед пунктом {anchor} дополнить пунктом {number} следующего содержания:\n«{body}»"
                ),
                Position::EndOfSection(section) => format!(
                    "раздел {section} дополнить пунктом {number} следующего содержания:\n«{body}»"
                ),
                _ => format!("дополнить пунктом {number} следующего содержания:\n«{body}»"),
            }
        }
        Operation::AddSection {
            number,
            title,
            after,
            ..
        } => {
            let place = match after {
                Some(a) => format!("после раздела {a} д"),
                None => "д".to_string(),
            };
            format!("{place}ополнить разделом {number} следующего содержания:\n«{number}. {title}»")
        }
        Operation::RestateSection { section, title, .. } => {
            if rng.chance(0.2) {
                format!("в разделе {section} наименование изложить в новой редакции: «{title}»")
            } else {
                format!("наименование раздела {section} изложить в следующей редакции: «{title}»")
            }
        }
        Operation::RestateParagraph {
            item,
            row,
            column,
            paragraph,
            text,
            ..
        } => {
            let how = if rng.chance(0.8) {
                "следующей"
            } else {
                "новой"
            };
            format!(
                "{} {}{} пункта {item} изложить в {how} редакции: «{text}»",
                paragraph_nominative(rng, *paragraph),
                column_genitive(column),
                row_words(*row)
            )
        }
        Operation::AddParagraph {
            item,
            row,
            column,
            after,
            text,
            ..
        } => {
            let cell = format!(
                "{}{} пункта {item}",
                column_words(column, false),
                row_words(*row)
            );
            let what = format!("абзацем следующего содержания: «{text}»");
            match after {
                None => format!("{cell} дополнить {what}"),
                Some(0) => format!("{cell} перед абзацем первым дополнить {what}"),
                Some(k) if *k < 12 && rng.chance(0.2) => format!(
                    "{cell} дополнить новым абзацем {} следующего содержания: «{text}»",
                    ordinal(&ORDINALS_INS, k + 1)
                ),
                Some(k) if rng.chance(0.5) => format!(
                    "после абзаца {} {}{} пункта {item} дополнить {what}",
                    ordinal(&ORDINALS_GEN, *k),
                    column_genitive(column),
                    row_words(*row)
                ),
                Some(k) => format!(
                    "{cell} после абзаца {} дополнить {what}",
                    ordinal(&ORDINALS_GEN, *k)
                ),
            }
        }
        Operation::DeleteParagraph {
            item,
            row,
            column,
            paragraph,
            ..
        } => {
            let verb = if rng.chance(0.3) {
                "признать утратившим силу"
            } else {
                "исключить"
            };
            format!(
                "{} {}{} пункта {item} {verb}",
                paragraph_nominative(rng, *paragraph),
                column_genitive(column),
                row_words(*row)
            )
        }
        Operation::RepealItem { item, .. } => format!("пункт {item} признать утратившим силу"),
        Operation::ExcludeItem { item, .. } => format!("пункт {item} исключить"),
        Operation::Renumber { from, to, .. } => {
            if from.len() == 1 {
                format!("пункт {} считать пунктом {}", from[0], to[0])
            } else if from.len() > 2 {
                format!(
                    "пункты {}–{} считать соответственно пунктами {}–{}",
                    from[0],
                    from[from.len() - 1],
                    to[0],
                    to[to.len() - 1]
                )
            } else {
                format!(
                    "пункты {} считать соответственно пунктами {}",
                    list(from),
                    list(to)
                )
            }
        }
        Operation::AddFootnote { number, text, .. } => {
            format!("дополнить сноской {number} следующего содержания:\n«{number} {text}»")
        }
        Operation::RestateFootnote { number, text, .. } => {
            format!("сноску {number} изложить в следующей редакции:\n«{number} {text}»")
        }
        Operation::RemoveFootnote { number, .. } => format!("сноску {number} исключить"),
        other => format!("{other:?}"),
    }
}

/// The order's changes as points: runs of word-level changes in one item
/// go under «В пункте N:» as lettered sub-points, now and then.
fn points(rng: &mut Rng, ops: &[Operation]) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ops.len() {
        if let Some(item) = single_item(&ops[i]) {
            let mut j = i + 1;
            while j < ops.len() && j - i < LETTERS.len() && single_item(&ops[j]) == Some(item) {
                j += 1;
            }
            if j - i > 1 && rng.chance(0.7) {
                let subs = ops[i..j].iter().map(|op| formula(rng, op, true)).collect();
                out.push((format!("в пункте {item}:"), subs));
                i = j;
                continue;
            }
        }
        out.push((formula(rng, &ops[i], false), Vec::new()));
        i += 1;
    }
    out
}

fn kind_words(kind: ActKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        ActKind::Rasporyazhenie => ("распоряжению", "РАСПОРЯЖЕНИЕ", "Настоящее распоряжение"),
        _ => ("приказу", "ПРИКАЗ", "Настоящий приказ"),
    }
}

/// Prints an order as the text of an appendix or of a whole order.
fn order_text(rng: &mut Rng, order: &Order, plan: &Plan, capitals: &str) -> String {
    let act = &order.act;
    let (dative, kind_capitals, this) = kind_words(act.kind);
    let approved = format!(
        "утвержденный приказом {} от {} № {}",
        plan.act.issuer,
        dotted(plan.act.date),
        plan.act.number
    );
    let mut text = String::with_capacity(4096);
    let points = points(rng, &order.operations);
    if order.effective.is_none() && rng.chance(0.6) {
        // The appendix that holds the changes.
        let date = if rng.chance(0.6) {
            long_date(act.date)
        } else {
            dotted(act.date)
        };
        let _ = write!(
            text,
            "Приложение\nк {dative} {}\nот {date} № {}\n\nИЗМЕНЕНИЯ,\nкоторые вносятся в {}, {approved}\n\n",
            act.issuer,
            act.number,
            plan.title.replacen("План", "план", 1)
        );
        for (k, (head, subs)) in points.iter().enumerate() {
            let end = if subs.is_empty() { "." } else { "" };
            let _ = writeln!(text, "{}. {}{end}", k + 1, capitalize(head));
            for (s, sub) in subs.iter().enumerate() {
                let end = if s + 1 == subs.len() { "." } else { ";" };
                let _ = writeln!(text, "{}) {sub}{end}", LETTERS[s]);
            }
        }
    } else {
        // The whole order, as portals print it.
        let date = if rng.chance(0.5) {
            long_date(act.date)
        } else {
            dotted(act.date)
        };
        let _ = write!(
            text,
            "{capitals}\n\n{kind_capitals}\n\n{date}\t№ {}\n\nМосква\n\nО внесении изменений в {}, {approved}\n\n",
            act.number,
            plan.title.replacen("План", "план", 1),
        );
        let _ = writeln!(
            text,
            "1. Внести в {}, {approved}, следующие изменения:",
            plan.title.replacen("План", "план", 1)
        );
        let n = points.len();
        for (k, (head, subs)) in points.iter().enumerate() {
            let end = if !subs.is_empty() {
                ""
            } else if k + 1 == n {
                "."
            } else {
                ";"
            };
            let _ = writeln!(text, "{}) {head}{end}", k + 1);
            for (s, sub) in subs.iter().enumerate() {
                let end = if s + 1 < subs.len() {
                    ";"
                } else if k + 1 == n {
                    "."
                } else {
                    ";"
                };
                let _ = writeln!(text, "{}) {sub}{end}", LETTERS[s]);
            }
        }
        match order.effective {
            Some(d) => {
                let _ = writeln!(text, "2. {this} вступает в силу с {}", plain_date(d));
            }
            None => {
                let _ = writeln!(text, "2. {this} вступает в силу со дня его подписания.");
            }
        }
        let _ = write!(
            text,
            "3. Контроль за исполнением настоящего {} оставляю за собой.\n\nРуководитель\t{}\n",
            if act.kind == ActKind::Rasporyazhenie {
                "распоряжения"
            } else {
                "приказа"
            },
            rng.pick(SIGNERS)
        );
    }
    text
}

// ---------------------------------------------------------------------------
// Reading and applying.

/// What reading and applying one plan's orders found.
#[derive(Debug, Default)]
struct Outcome {
    orders: usize,
    operations: usize,
    bytes: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
    wrong_acts: usize,
    refused: usize,
    mismatched: usize,
    failures: Vec<String>,
    read: Duration,
    apply: Duration,
    read_cpu: Duration,
    apply_cpu: Duration,
    /// Warnings and assumptions by message, numbers left out.
    kinds: HashMap<String, usize>,
}

/// A diagnostic's message with numbers and quotations left out, to count
/// messages by kind.
fn message_kind(message: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in message.chars() {
        match c {
            '«' => {
                depth += 1;
                if depth == 1 {
                    out.push_str("«…");
                }
            }
            '»' => {
                depth -= 1;
                if depth == 0 {
                    out.push('»');
                }
            }
            _ if depth > 0 => {}
            c if c.is_ascii_digit() => {
                if !out.ends_with('N') {
                    out.push('N');
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Reads every order of a plan with the plan, then applies them strictly.
/// `expected`, when not empty, holds the orders generated, to compare.
fn read_and_apply(plan: Plan, texts: &[String], expected: &[Order]) -> (Outcome, Option<History>) {
    let mut out = Outcome::default();
    let started = Instant::now();
    let cpu = thread_cpu_ns();
    let options = OrderReadOptions::new().plan(&plan);
    let mut orders = Vec::with_capacity(texts.len());
    for (k, text) in texts.iter().enumerate() {
        let import = read_order(text, &options);
        out.orders += 1;
        out.bytes += text.len();
        out.operations += import.order.operations.len();
        out.notes += import.assumptions.len();
        for d in &import.diagnostics {
            match d.severity {
                Severity::Error => {
                    out.errors += 1;
                    if out.failures.len() < 3 {
                        out.failures.push(format!("{d}\n{text}"));
                    }
                }
                _ => {
                    out.warnings += 1;
                    *out.kinds.entry(message_kind(&d.message)).or_default() += 1;
                }
            }
        }
        for d in &import.assumptions {
            *out.kinds.entry(message_kind(&d.message)).or_default() += 1;
        }
        if let Some(expected) = expected.get(k) {
            let same_act = expected.act.kind == import.order.act.kind
                && expected.act.number == import.order.act.number
                && expected.act.date == import.order.act.date
                && expected.effective_date() == import.order.effective_date();
            if !same_act {
                out.wrong_acts += 1;
                if out.failures.len() < 3 {
                    out.failures.push(format!(
                        "act read as {} in force from {}, generated {} from {}\n{text}",
                        import.order.act,
                        import.order.effective_date(),
                        expected.act,
                        expected.effective_date()
                    ));
                }
            }
            let mut a = expected.operations.clone();
            let mut b = import.order.operations.clone();
            normalize(&mut a);
            normalize(&mut b);
            if a != b {
                out.mismatched += 1;
                if out.failures.len() < 3 {
                    let first = a.iter().zip(&b).find(|(x, y)| x != y);
                    out.failures
                        .push(format!("operations differ: {first:?}\n{text}"));
                }
            }
        }
        orders.push(import.order);
    }
    out.read = started.elapsed();
    let cpu_read = thread_cpu_ns();
    out.read_cpu = Duration::from_nanos(cpu_read.saturating_sub(cpu));
    let started = Instant::now();
    let history = match History::build(plan, orders) {
        Ok(h) => Some(h),
        Err(e) => {
            out.refused += 1;
            out.failures.push(format!("refused: {e}"));
            None
        }
    };
    out.apply = started.elapsed();
    out.apply_cpu = Duration::from_nanos(thread_cpu_ns().saturating_sub(cpu_read));
    (out, history)
}

/// This thread's CPU time in nanoseconds: on a shared machine, wall time
/// also counts the time a thread waits for a core.
#[cfg(target_os = "linux")]
fn thread_cpu_ns() -> u64 {
    use std::ffi::{c_int, c_long};
    #[repr(C)]
    struct Timespec {
        tv_sec: c_long,
        tv_nsec: c_long,
    }
    unsafe extern "C" {
        fn clock_gettime(clock: c_int, tp: *mut Timespec) -> c_int;
    }
    const CLOCK_THREAD_CPUTIME_ID: c_int = 3;
    let mut ts = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through the pointer, which
    // points to a live, properly laid out `Timespec`.
    let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return 0;
    }
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu_ns() -> u64 {
    0
}

/// Operations compared without what the text does not carry: point
/// numbers, and how a column was named.
fn normalize(ops: &mut [Operation]) {
    let column = |c: &mut String| {
        if let Some(i) = COLUMNS.iter().position(|(id, t)| id == c || t == c) {
            *c = (i + 1).to_string();
        }
    };
    for op in ops {
        match op {
            Operation::ReplaceWords {
                point, column: c, ..
            }
            | Operation::InsertWords {
                point, column: c, ..
            }
            | Operation::DeleteWords {
                point, column: c, ..
            } => {
                *point = None;
                if let Some(c) = c {
                    column(c);
                }
            }
            Operation::RestateCell {
                point, column: c, ..
            }
            | Operation::RestateParagraph {
                point, column: c, ..
            }
            | Operation::AddParagraph {
                point, column: c, ..
            }
            | Operation::DeleteParagraph {
                point, column: c, ..
            } => {
                *point = None;
                column(c);
            }
            Operation::RestateItem { point, .. }
            | Operation::RestateRow { point, .. }
            | Operation::AddRow { point, .. }
            | Operation::RemoveRow { point, .. }
            | Operation::AddItem { point, .. }
            | Operation::AddSection { point, .. }
            | Operation::RestateSection { point, .. }
            | Operation::RepealItem { point, .. }
            | Operation::ExcludeItem { point, .. }
            | Operation::Renumber { point, .. }
            | Operation::AddFootnote { point, .. }
            | Operation::RestateFootnote { point, .. }
            | Operation::RemoveFootnote { point, .. } => *point = None,
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------

struct Args {
    orders: usize,
    seed: u64,
    batch: usize,
    check: bool,
    compare_ops: bool,
    dump: Option<String>,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        orders: 100_000,
        seed: 0x5eed_c0de,
        batch: 256,
        check: true,
        compare_ops: false,
        dump: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--orders" => a.orders = value("--orders")?.parse().map_err(|e| format!("{e}"))?,
            "--seed" => a.seed = value("--seed")?.parse().map_err(|e| format!("{e}"))?,
            "--batch" => a.batch = value("--batch")?.parse().map_err(|e| format!("{e}"))?,
            "--no-check" => a.check = false,
            "--compare-ops" => a.compare_ops = true,
            "--dump" => a.dump = Some(value("--dump")?),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(a)
}

/// Megabytes (10^6 bytes).
fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn main() {
    let args = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!(
                "corpus: {e}\nusage: corpus [--orders N] [--seed S] [--batch P] [--no-check] [--compare-ops] [--dump DIR]"
            );
            std::process::exit(2);
        }
    };
    // Orders per plan: 5..=200, skewed to small plans, until the total.
    let mut sizes = Vec::new();
    let mut rng = Rng::new(args.seed);
    let mut left = args.orders;
    while left > 0 {
        let n = (5 + rng.below(40) * rng.below(40) / 8).min(200).min(left);
        sizes.push(n);
        left -= n;
    }
    let threads = rayon::current_num_threads();
    eprintln!(
        "corpus: {} orders over {} plans, {} threads, batches of {} plans",
        args.orders,
        sizes.len(),
        threads,
        args.batch
    );
    if let Some(dir) = &args.dump {
        let g = generate(args.seed, 0, sizes[0], false);
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("corpus: {dir}: {e}");
            std::process::exit(2);
        }
        for (k, t) in g.texts.iter().enumerate() {
            let path = format!("{dir}/{:04}.txt", k + 1);
            if let Err(e) = std::fs::write(&path, t) {
                eprintln!("corpus: {path}: {e}");
                std::process::exit(2);
            }
        }
        eprintln!(
            "corpus: the first plan's {} orders written to {dir}",
            g.texts.len()
        );
    }

    let total = Instant::now();
    let mut timed = Duration::ZERO;
    let mut generating = Duration::ZERO;
    let mut checking = Duration::ZERO;
    let mut sum = Outcome::default();
    let mut generated_ops = 0usize;
    let mut check_failures = 0usize;
    let mut plans = 0usize;
    let mut items = 0usize;
    let indexed: Vec<(u64, usize)> = sizes
        .iter()
        .enumerate()
        .map(|(i, &n)| (i as u64, n))
        .collect();
    for batch in indexed.chunks(args.batch.max(1)) {
        let started = Instant::now();
        let generated: Vec<Generated> = batch
            .par_iter()
            .map(|&(i, n)| generate(args.seed, i, n, args.compare_ops))
            .collect();
        generating += started.elapsed();
        plans += generated.len();
        items += generated.iter().map(|g| g.plan.items.len()).sum::<usize>();
        generated_ops += generated.iter().map(|g| g.operations).sum::<usize>();

        let started = Instant::now();
        let results: Vec<(Outcome, Option<History>, Model, Vec<String>)> = generated
            .into_par_iter()
            .map(|g| {
                let (o, h) = read_and_apply(g.plan, &g.texts, &g.orders);
                (o, h, g.model, g.texts)
            })
            .collect();
        timed += started.elapsed();

        // Check, and drop the batch, in parallel (not timed).
        let started = Instant::now();
        let check = args.check;
        let results: Vec<(Outcome, Option<String>)> = results
            .into_par_iter()
            .map(|(o, h, model, texts)| {
                let failure = match (&h, check) {
                    (Some(h), true) => model.check(h).err(),
                    _ => None,
                };
                drop((h, model, texts));
                (o, failure)
            })
            .collect();
        for f in results.iter().filter_map(|(_, f)| f.as_ref()) {
            check_failures += 1;
            if check_failures <= 3 {
                eprintln!("corpus: the history differs from the model: {f}");
            }
        }
        checking += started.elapsed();
        for (o, _) in results {
            sum.read += o.read;
            sum.apply += o.apply;
            sum.read_cpu += o.read_cpu;
            sum.apply_cpu += o.apply_cpu;
            sum.orders += o.orders;
            sum.operations += o.operations;
            sum.bytes += o.bytes;
            sum.errors += o.errors;
            sum.warnings += o.warnings;
            sum.notes += o.notes;
            sum.wrong_acts += o.wrong_acts;
            sum.refused += o.refused;
            sum.mismatched += o.mismatched;
            for (k, n) in o.kinds {
                *sum.kinds.entry(k).or_default() += n;
            }
            for f in o.failures {
                if sum.failures.len() < 5 {
                    eprintln!("corpus: {f}\n");
                    sum.failures.push(f);
                }
            }
        }
    }
    let wall = total.elapsed();
    let secs = timed.as_secs_f64();
    let cpu = (sum.read_cpu + sum.apply_cpu).as_secs_f64();
    println!(
        "corpus: {} plans ({} base items), {} orders, {} operations, {:.1} MB of order text",
        plans,
        items,
        sum.orders,
        sum.operations,
        mb(sum.bytes as u64)
    );
    println!(
        "read + apply: {:.2} s wall on {} threads: {:.0} orders/s, {:.1} MB/s",
        secs,
        threads,
        sum.orders as f64 / secs,
        mb(sum.bytes as u64) / secs,
    );
    println!(
        "  CPU time: read {:.1} s, apply {:.1} s ({:.1} MB/s per core; {:.0} orders/s and {:.1} s for the lot if {} cores were free)",
        sum.read_cpu.as_secs_f64(),
        sum.apply_cpu.as_secs_f64(),
        mb(sum.bytes as u64) / cpu,
        sum.orders as f64 / cpu * threads as f64,
        cpu / threads as f64,
        threads
    );
    println!(
        "generation {:.2} s, check against the models {:.2} s, total {:.2} s",
        generating.as_secs_f64(),
        checking.as_secs_f64(),
        wall.as_secs_f64()
    );
    println!(
        "errors {}, operations refused {}, histories differing from the model {}{}; warnings {}, assumptions {}",
        sum.errors,
        sum.refused,
        check_failures,
        if args.compare_ops {
            format!(
                ", orders read differently from those generated {} (acts {})",
                sum.mismatched, sum.wrong_acts
            )
        } else {
            String::new()
        },
        sum.warnings,
        sum.notes
    );
    let mut kinds: Vec<(String, usize)> = sum.kinds.into_iter().collect();
    kinds.sort_by_key(|k| std::cmp::Reverse(k.1));
    for (k, n) in kinds.iter().take(8) {
        println!("  {n:>9}  {k}");
    }
    let ok = sum.errors == 0
        && sum.refused == 0
        && check_failures == 0
        && sum.mismatched == 0
        && sum.wrong_acts == 0
        && sum.operations == generated_ops;
    if !ok {
        eprintln!(
            "corpus: FAILED ({} operations read, {} generated)",
            sum.operations, generated_ops
        );
        std::process::exit(1);
    }
}
