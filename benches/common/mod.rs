//! A deterministic generator of a large plan and a long run of amendment
//! orders, for benchmarks.
//!
//! It makes every kind of [`planver::Operation`] (see [`Kind`]), including
//! абзац formulas, words added at the end or start of a cell, words inside
//! one абзац or inside a footnote, sections' titles restated and items put
//! before another.
//!
//! The generator keeps a model of the plan as it evolves (which display
//! numbers are live, which items are repealed or excluded, the exact text of
//! every cell, the sections and their titles, the footnotes and their texts)
//! and emits only operations that apply in strict mode. Word operations are
//! located with [`planver::matching::find`] and edited exactly the way the
//! engine edits (абзацы are the lines of a cell, split at `'\n'`), so the
//! model's text stays byte-for-byte equal to the engine's;
//! [`Generated::check`] verifies that against a built history.
//!
//! Reuse from another bench with `#[path = "common/mod.rs"] mod common;`
//! (or plain `mod common;` from a file in `benches/`).

#![allow(dead_code)]

use chrono::{Datelike, Days, NaiveDate};
use planver::matching;
use planver::{
    Act, ActKind, Anchor, Cell, Column, Footnote, History, Item, ItemStatus, Occurrence, Operation,
    Order, Plan, Position, Row, Section, Targets,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

// ---------------------------------------------------------------------------
// Random numbers: splitmix64, enough for test data.

/// A small deterministic generator (splitmix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "below(0)");
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// A float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A random element.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
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
    "М.А. Топилин",
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
    "Н.А. Васильева",
    "Т.С. Зайцева",
    "Г.В. Орлов",
    "Л.В. Андреева",
    "В.В. Макаров",
    "Е.А. Николаева",
    "А.С. Егоров",
    "М.В. Белова",
    "Ю.А. Тарасов",
    "И.С. Козлова",
    "Н.Н. Волков",
    "С.П. Медведева",
    "К.В. Романов",
];

const DEPARTMENTS: &[&str] = &[
    "Департамент комплексного анализа и прогнозирования",
    "Департамент государственной политики в сфере государственной и муниципальной службы, противодействия коррупции",
    "Административный департамент",
    "Правовой департамент",
    "Департамент информационной политики и связей с общественностью",
    "Департамент оплаты труда, трудовых отношений и социального партнерства",
    "Департамент занятости населения",
    "Департамент по делам инвалидов",
    "Финансовый департамент",
    "Департамент пенсионного обеспечения",
];

const ACTIONS: &[&str] = &[
    "Разработка и утверждение",
    "Организация проведения",
    "Обеспечение размещения",
    "Подготовка и представление в Правительство Российской Федерации",
    "Проведение мониторинга",
    "Внесение изменений в",
    "Совершенствование",
    "Организация работы по подготовке",
    "Проведение анализа",
    "Разработка методических рекомендаций по формированию",
    "Актуализация",
    "Утверждение порядка рассмотрения",
    "Обеспечение общественного обсуждения",
    "Проведение ежегодной оценки",
];

const OBJECTS: &[&str] = &[
    "ведомственного плана по реализации Концепции открытости федеральных органов исполнительной власти",
    "порядка предоставления сведений о доходах, расходах, об имуществе и обязательствах имущественного характера",
    "стандарта антикоррупционного поведения федерального государственного гражданского служащего",
    "механизмов общественного контроля за деятельностью Министерства",
    "публичной декларации целей и задач Министерства на очередной год",
    "программы профессионального развития федеральных государственных гражданских служащих",
    "информации о деятельности Министерства в форме открытых данных",
    "кодекса этики и служебного поведения федеральных государственных гражданских служащих",
    "проектов нормативных правовых актов, разрабатываемых Министерством",
    "ежегодного доклада о результатах и основных направлениях деятельности",
    "системы показателей эффективности и результативности профессиональной служебной деятельности",
    "плана-графика закупок товаров, работ, услуг для обеспечения нужд Министерства",
];

const QUALIFIERS: &[&str] = &[
    "в информационно-телекоммуникационной сети «Интернет»",
    "с участием Общественного совета при Министерстве труда и социальной защиты Российской Федерации",
    "в соответствии с Указом Президента Российской Федерации от 7 мая 2012 г. № 601 «Об основных направлениях совершенствования системы государственного управления»",
    "с учетом предложений экспертного сообщества и общественных объединений",
    "в том числе с использованием типовых форм и методических материалов",
    "в подведомственных Министерству федеральных службах и организациях",
    "на 2014 – 2016 годы",
    "(далее — План)",
    "на официальном сайте Министерства",
    "по итогам рассмотрения обращений граждан",
];

const RESULTS: &[&str] = &[
    "Доклад в Правительство Российской Федерации",
    "Приказ Минтруда России",
    "Информация размещена на официальном сайте Министерства",
    "Методические рекомендации направлены в федеральные органы исполнительной власти",
    "Аналитическая записка Министру",
    "Проект постановления Правительства Российской Федерации внесен в установленном порядке",
    "Повышение уровня открытости деятельности Министерства",
    "Отчет о результатах мониторинга",
    "Протокол заседания Общественного совета",
    "Снижение коррупционных рисков",
];

const INSERTS: &[&str] = &[
    "и подведомственных организаций",
    ", в том числе в электронном виде",
    "(с учетом изменений)",
    "федеральных",
    "ежегодно",
    "и общественных объединений",
    ", включая территориальные органы",
    "в установленном порядке",
];

/// Words put at the start of a cell, an абзац or a footnote.
const PREFIXES: &[&str] = &[
    "Ежегодно:",
    "При необходимости",
    "В установленном порядке",
    "Дополнительно:",
];

const REPLACEMENTS: &[&str] = &[
    "информационно-телекоммуникационной сети «Интернет»",
    "федеральных государственных гражданских служащих",
    "Общественного совета",
    "нормативных правовых актов",
    "Министерства труда и социальной защиты Российской Федерации",
    "подведомственных организаций",
    "проектов документов",
    "открытых данных",
];

const SECTION_TITLES: &[&str] = &[
    "Реализация принципа информационной открытости Министерства",
    "Обеспечение работы с открытыми данными",
    "Обеспечение понятности нормативно-правового регулирования, государственной политики и программ",
    "Совершенствование механизмов общественного контроля",
    "Противодействие коррупции",
    "Развитие государственной гражданской службы",
    "Взаимодействие с референтными группами",
    "Организация независимой экспертизы проектов нормативных правовых актов",
];

const FOOTNOTES: &[&str] = &[
    "Определены организационной структурой Министерства труда и социальной защиты Российской Федерации.",
    "Далее — федеральные органы исполнительной власти, руководство деятельностью которых осуществляет Правительство Российской Федерации.",
    "Мероприятие реализуется в пределах бюджетных ассигнований, предусмотренных на руководство и управление в сфере установленных функций.",
    "Сроки уточняются по согласованию с Аппаратом Правительства Российской Федерации.",
];

const ROMAN_ONES: &[&str] = &["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
const ROMAN_TENS: &[&str] = &["", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"];

fn roman(n: usize) -> String {
    assert!((1..100).contains(&n));
    format!("{}{}", ROMAN_TENS[n / 10], ROMAN_ONES[n % 10])
}

const MONTHS_GEN: &[&str] = &[
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
const MONTHS_NOM: &[&str] = &[
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

/// Column ids and printed titles, in table order.
pub const COLUMNS: [(&str, &str); 4] = [
    ("measure", "Наименование мероприятия"),
    ("result", "Ожидаемый результат"),
    ("deadline", "Срок исполнения"),
    ("responsible", "Ответственный исполнитель"),
];
const MEASURE: usize = 0;
const RESULT: usize = 1;
const DEADLINE: usize = 2;
const RESPONSIBLE: usize = 3;

fn measure_text(rng: &mut Rng) -> String {
    loop {
        let mut s = format!("{} {}", rng.pick(ACTIONS), rng.pick(OBJECTS));
        while s.chars().count() < 100 {
            let sep = if rng.chance(0.3) { ", " } else { " " };
            s.push_str(sep);
            let qualifier = rng.pick::<&str>(QUALIFIERS);
            s.push_str(qualifier);
        }
        if s.chars().count() <= 300 {
            return s;
        }
    }
}

fn result_text(rng: &mut Rng) -> String {
    let mut s = rng.pick(RESULTS).to_string();
    if rng.chance(0.3) {
        s.push_str(", ");
        let r = rng.pick(RESULTS);
        s.push_str(&r.to_lowercase());
    }
    s
}

fn deadline_text(rng: &mut Rng, year: i32) -> String {
    let y = year + rng.below(4) as i32;
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
        _ => format!(
            "ежеквартально, до {} числа месяца, следующего за отчетным",
            5 + rng.below(20)
        ),
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
    let mut s = names.join(",\n");
    if rng.chance(0.25) {
        s = format!("{}\n({s})", rng.pick(DEPARTMENTS));
    }
    s
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
// The model of the evolving plan.

/// A row as the model sees it: one optional text per column.
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
    section: String,
    status: St,
    rows: Vec<MRow>,
}

/// A set of slots that supports random picks and O(1) removal.
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
        assert_eq!(self.pos[s], u32::MAX, "slot {slot} already in pool");
        self.pos[s] = self.items.len() as u32;
        self.items.push(slot);
    }

    fn remove(&mut self, slot: u32) {
        let at = self.pos[slot as usize];
        assert_ne!(at, u32::MAX, "slot {slot} not in pool");
        let last = *self.items.last().unwrap();
        self.items.swap_remove(at as usize);
        if last != slot {
            self.pos[last as usize] = at;
        }
        self.pos[slot as usize] = u32::MAX;
    }

    fn len(&self) -> usize {
        self.items.len()
    }

    fn pick(&self, rng: &mut Rng) -> Option<u32> {
        (!self.items.is_empty()).then(|| *rng.pick(&self.items))
    }
}

#[path = "edit_model.rs"]
mod edit_model;
use edit_model::{Edit, edited, paragraph_range};

/// How many абзацы (lines) `text` has.
fn paragraphs(text: &str) -> usize {
    text.split('\n').count()
}

/// Matches of a needle in one item: `(row, column, byte range)`, in the
/// engine's order (rows, then columns, then position).
type Found = Vec<(usize, usize, Range<usize>)>;

/// Which operation kinds the generator makes; `AddItem` is split by
/// position, and the word operations by target (items, all, one абзац, a
/// footnote) and anchor (words, end, start), so coverage can be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `replace_words` in listed items.
    ReplaceWords,
    /// `replace_words` with `"items": "all"` («по всему тексту»).
    ReplaceWordsEverywhere,
    /// `insert_words`.
    InsertWords,
    /// `delete_words`.
    DeleteWords,
    /// `replace_words`, `insert_words` or `delete_words` inside one абзац
    /// of a cell (`"paragraph"`).
    WordsInParagraph,
    /// `insert_words` with `"anchor": "end"` (at the end of a cell or of
    /// one of its абзацы).
    InsertWordsAtEnd,
    /// `insert_words` with `"anchor": "start"`.
    InsertWordsAtStart,
    /// `replace_words`, `insert_words` or `delete_words` in a footnote's
    /// text (`"items": {"footnote": …}`).
    FootnoteWords,
    /// `restate_item`.
    RestateItem,
    /// `restate_cell`.
    RestateCell,
    /// `restate_row`.
    RestateRow,
    /// `restate_paragraph`.
    RestateParagraph,
    /// `add_paragraph`.
    AddParagraph,
    /// `delete_paragraph`.
    DeleteParagraph,
    /// `add_row`.
    AddRow,
    /// `remove_row`.
    RemoveRow,
    /// `add_item` with `{"after": …}`.
    AddItemAfter,
    /// `add_item` with `{"before": …}`.
    AddItemBefore,
    /// `add_item` with `{"end_of_section": …}`.
    AddItemEndOfSection,
    /// `add_section`.
    AddSection,
    /// `restate_section` (a section's title).
    RestateSection,
    /// `repeal_item`.
    RepealItem,
    /// `exclude_item`.
    ExcludeItem,
    /// `renumber`.
    Renumber,
    /// `add_footnote`.
    AddFootnote,
    /// `restate_footnote`.
    RestateFootnote,
    /// `remove_footnote`.
    RemoveFootnote,
}

/// Relative frequencies (they add up to 10,451: roughly per 10,000
/// operations).
const WEIGHTS: &[(Kind, u32)] = &[
    (Kind::ReplaceWords, 2600),
    (Kind::ReplaceWordsEverywhere, 1),
    (Kind::InsertWords, 1000),
    (Kind::DeleteWords, 800),
    (Kind::WordsInParagraph, 300),
    (Kind::InsertWordsAtEnd, 150),
    (Kind::InsertWordsAtStart, 50),
    (Kind::FootnoteWords, 60),
    (Kind::RestateItem, 400),
    (Kind::RestateCell, 1100),
    (Kind::RestateRow, 400),
    (Kind::RestateParagraph, 150),
    (Kind::AddParagraph, 150),
    (Kind::DeleteParagraph, 100),
    (Kind::AddRow, 450),
    (Kind::RemoveRow, 300),
    (Kind::AddItemAfter, 600),
    (Kind::AddItemBefore, 200),
    (Kind::AddItemEndOfSection, 200),
    (Kind::AddSection, 10),
    (Kind::RestateSection, 20),
    (Kind::RepealItem, 500),
    (Kind::ExcludeItem, 300),
    (Kind::Renumber, 350),
    (Kind::AddFootnote, 100),
    (Kind::RestateFootnote, 100),
    (Kind::RemoveFootnote, 60),
];

/// How big a data set to make.
#[derive(Debug, Clone)]
pub struct Config {
    /// The seed; the same seed gives the same data.
    pub seed: u64,
    /// Items in the base plan.
    pub items: usize,
    /// Sections in the base plan (items are spread evenly).
    pub sections: usize,
    /// Amendment orders.
    pub orders: usize,
    /// Operations over all orders.
    pub operations: usize,
    /// The years over which orders are signed.
    pub years: u32,
}

impl Default for Config {
    /// 10,000 items in 20 sections; 5,000 orders with 50,000 operations over
    /// ten years.
    fn default() -> Config {
        Config {
            seed: 0x5eed_0342_2013,
            items: 10_000,
            sections: 20,
            orders: 5_000,
            operations: 50_000,
            years: 10,
        }
    }
}

/// A generated data set, and what the generator expects of it.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The base plan.
    pub plan: Plan,
    /// The orders, in the order of application (effective date, then date
    /// signed).
    pub orders: Vec<Order>,
    /// How many operations of each kind were made.
    pub counts: BTreeMap<Kind, usize>,
    /// Every display number any item ever had, sorted.
    pub numbers: Vec<String>,
    /// The last effective date.
    pub last_effective: NaiveDate,
    /// Expected final state of every listed (non-excluded) item, by number:
    /// repealed?, rows of `[measure, result, deadline, responsible]`.
    expected: BTreeMap<String, (bool, Vec<MRow>)>,
    /// Expected final footnotes: mark and text, sorted by mark.
    expected_footnotes: Vec<(String, String)>,
    /// Expected final sections, in order: number and title.
    expected_sections: Vec<(String, String)>,
}

struct State {
    rng: Rng,
    items: Vec<MItem>,
    live: HashMap<String, u32>,
    in_force: Pool,
    repealed: Pool,
    /// Section numbers, in order.
    sections: Vec<String>,
    /// Section titles, by number.
    titles: HashMap<String, String>,
    /// Footnote marks.
    footnotes: Vec<String>,
    /// Footnote texts, by mark.
    footnote_text: HashMap<String, String>,
    /// Integer numbers freed by exclusion or renumbering; may be stale.
    gaps: Vec<u64>,
    next_int: u64,
    next_top_section: usize,
    ever: BTreeSet<String>,
    year: i32,
}

/// Generates a plan and orders per `cfg`. Deterministic for a given config.
///
/// # Panics
/// If the generator cannot make some kind of operation (a bug).
pub fn generate(cfg: &Config) -> Generated {
    let mut rng = Rng::new(cfg.seed);
    let plan_date = NaiveDate::from_ymd_opt(2013, 12, 20).unwrap();

    // --- the base plan --------------------------------------------------
    let columns: Vec<Column> = COLUMNS
        .iter()
        .map(|(id, title)| Column {
            id: id.to_string(),
            title: title.to_string(),
            reconstructed: false,
        })
        .collect();
    let sections: Vec<Section> = (1..=cfg.sections)
        .map(|n| Section {
            id: None,
            number: roman(n),
            title: SECTION_TITLES[(n - 1) % SECTION_TITLES.len()].to_string(),
        })
        .collect();
    let mut st = State {
        rng: Rng::new(cfg.seed ^ 0xa5a5_a5a5),
        items: Vec::with_capacity(cfg.items * 3 / 2),
        live: HashMap::with_capacity(cfg.items * 3 / 2),
        in_force: Pool::default(),
        repealed: Pool::default(),
        sections: sections.iter().map(|s| s.number.clone()).collect(),
        titles: sections
            .iter()
            .map(|s| (s.number.clone(), s.title.clone()))
            .collect(),
        footnotes: Vec::new(),
        footnote_text: HashMap::new(),
        gaps: Vec::new(),
        next_int: cfg.items as u64 + 1,
        next_top_section: cfg.sections + 1,
        ever: BTreeSet::new(),
        year: plan_date.year() + 1,
    };
    let mut items = Vec::with_capacity(cfg.items);
    for i in 0..cfg.items {
        let number = (i + 1).to_string();
        let section = st.sections[i * cfg.sections / cfg.items].clone();
        let nrows = match rng.below(10) {
            0..=6 => 1,
            7 | 8 => 2,
            _ => 3,
        };
        let rows: Vec<MRow> = (0..nrows).map(|r| new_row(&mut rng, r > 0, 2014)).collect();
        items.push(Item {
            id: None,
            number: number.clone(),
            section: Some(section.clone()),
            rows: rows.iter().map(to_row).collect(),
        });
        st.add_model_item(MItem {
            number,
            section,
            status: St::InForce,
            rows,
        });
    }
    let footnotes: Vec<Footnote> = (1..=4)
        .map(|n| Footnote {
            number: n.to_string(),
            text: FOOTNOTES[n - 1].to_string(),
            reconstructed: false,
        })
        .collect();
    st.footnotes = footnotes.iter().map(|f| f.number.clone()).collect();
    st.footnote_text = footnotes
        .iter()
        .map(|f| (f.number.clone(), f.text.clone()))
        .collect();
    let plan = Plan {
        title: "План мероприятий по реализации Концепции открытости федеральных органов исполнительной власти на 2014 – 2024 годы".into(),
        act: Act::new(ActKind::Prikaz, "Минтруда России", "1000", plan_date),
        effective: None,
        columns,
        sections,
        items,
        footnotes,
        notes: vec!["Синтетические данные для бенчмарков".into()],
    };

    // --- dates and sizes of the orders ------------------------------------
    let span = (cfg.years as u64) * 365;
    let mut signed: Vec<NaiveDate> = (0..cfg.orders)
        .map(|_| plan_date + Days::new(10 + rng.below(span as usize) as u64))
        .collect();
    signed.sort();
    // Act numbers count up within each year.
    let mut numbered = Vec::with_capacity(cfg.orders);
    let mut counter = 0usize;
    let mut year = 0;
    for date in signed {
        if date.year() != year {
            year = date.year();
            counter = rng.between(1, 30);
        }
        counter += rng.between(1, 12);
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
            0..=89 => None,
            // From the first day of a later month.
            90..=96 => {
                let first = NaiveDate::from_ymd_opt(date.year(), date.month(), 1).unwrap();
                Some(first.checked_add_months(chrono::Months::new(1 + rng.below(2) as u32)))
                    .flatten()
            }
            _ => Some(date + Days::new(rng.between(30, 180) as u64)),
        };
        numbered.push((Act::new(kind, "Минтруда России", number, date), effective));
    }
    // Operations per order: mostly short orders, a few long ones; exactly
    // `cfg.operations` in all.
    let mean = cfg.operations as f64 / cfg.orders as f64;
    let mut sizes: Vec<usize> = (0..cfg.orders)
        .map(|_| 1 + (-(1.0 - rng.unit()).ln() * (mean - 1.0)) as usize)
        .collect();
    let mut total: usize = sizes.iter().sum();
    while total != cfg.operations {
        let i = rng.below(sizes.len());
        if total < cfg.operations {
            sizes[i] += 1;
            total += 1;
        } else if sizes[i] > 1 {
            sizes[i] -= 1;
            total -= 1;
        }
    }
    // The order of application: effective date, then date signed.
    let mut acts: Vec<(Act, Option<NaiveDate>, usize)> = numbered
        .into_iter()
        .zip(sizes)
        .map(|((act, eff), n)| (act, eff, n))
        .collect();
    acts.sort_by_key(|(a, eff, _)| (eff.unwrap_or(a.date), a.date));

    // --- operations ---------------------------------------------------
    let total_weight: u32 = WEIGHTS.iter().map(|(_, w)| w).sum();
    let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut orders = Vec::with_capacity(acts.len());
    let mut last_effective = plan_date;
    for (act, effective, n) in acts {
        let eff = effective.unwrap_or(act.date);
        last_effective = last_effective.max(eff);
        st.year = eff.year();
        let mut operations = Vec::with_capacity(n);
        while operations.len() < n {
            let mut x = st.rng.below(total_weight as usize) as u32;
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
                .unwrap()
                .0;
            let point = Some((operations.len() + 1).to_string());
            if let Some(op) = st.operation(kind, point) {
                *counts.entry(kind).or_default() += 1;
                operations.push(op);
            }
        }
        orders.push(Order {
            act: Act {
                title: Some(
                    "О внесении изменений в План мероприятий, утвержденный приказом Минтруда России от 20.12.2013 № 1000".into(),
                ),
                ..act
            },
            effective,
            effective_assumed: None,
            amends: None,
            operations,
        });
    }
    for (kind, _) in WEIGHTS {
        assert!(
            counts.get(kind).copied().unwrap_or(0) > 0,
            "the generator made no {kind:?}"
        );
    }

    let mut expected = BTreeMap::new();
    for item in &st.items {
        if item.status != St::Excluded {
            expected.insert(
                item.number.clone(),
                (item.status == St::Repealed, item.rows.clone()),
            );
        }
    }
    let mut expected_footnotes: Vec<(String, String)> = st
        .footnotes
        .iter()
        .map(|m| (m.clone(), st.footnote_text[m].clone()))
        .collect();
    expected_footnotes.sort();
    Generated {
        plan,
        orders,
        counts,
        numbers: st.ever.iter().cloned().collect(),
        last_effective,
        expected,
        expected_footnotes,
        expected_sections: st
            .sections
            .iter()
            .map(|n| (n.clone(), st.titles[n].clone()))
            .collect(),
    }
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

fn to_row(row: &MRow) -> Row {
    row.iter()
        .enumerate()
        .filter_map(|(c, t)| {
            t.as_ref()
                .map(|t| (COLUMNS[c].0.to_string(), Cell::new(t.as_str())))
        })
        .collect()
}

/// A run of 1..=`max` whitespace-separated words of `text`, trimmed of
/// surrounding punctuation, that occurs in the text.
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
        .trim_end_matches(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    ',' | ';' | ':' | '(' | ')' | '«' | '»' | '"' | '—' | '–' | '-'
                )
        });
    (trimmed.chars().filter(|c| c.is_alphanumeric()).count() >= 2).then(|| trimmed.to_string())
}

/// Replaces a four-digit year in `words` with a later one, if there is one.
fn later_year(words: &str, by: i32) -> Option<String> {
    let bytes = words.as_bytes();
    (0..bytes.len().saturating_sub(3)).find_map(|i| {
        let digits = &bytes[i..i + 4];
        let boundary = (i == 0 || !bytes[i - 1].is_ascii_digit())
            && (i + 4 == bytes.len() || !bytes[i + 4].is_ascii_digit());
        if boundary && digits.iter().all(u8::is_ascii_digit) {
            let y: i32 = words[i..i + 4].parse().ok()?;
            Some(format!("{}{}{}", &words[..i], y + by, &words[i + 4..]))
        } else {
            None
        }
    })
}

fn column_reference(rng: &mut Rng, column: usize) -> String {
    match rng.below(4) {
        0 | 1 => COLUMNS[column].0.to_string(),
        2 => COLUMNS[column].1.to_string(),
        _ => (column + 1).to_string(),
    }
}

impl State {
    fn add_model_item(&mut self, item: MItem) -> u32 {
        let slot = self.items.len() as u32;
        self.live.insert(item.number.clone(), slot);
        self.ever.insert(item.number.clone());
        self.items.push(item);
        self.in_force.insert(slot);
        slot
    }

    fn slot_text(&self, slot: u32, row: usize, column: usize) -> Option<&str> {
        self.items[slot as usize].rows[row][column].as_deref()
    }

    /// Where `needle` occurs in an item, in the engine's order; `None` when
    /// `row` is out of range. With `paragraph`, only in that абзац of each
    /// cell (cells without it are passed over, as the engine does when it
    /// finds the words elsewhere).
    fn locate(
        &self,
        slot: u32,
        column: Option<usize>,
        row: Option<usize>,
        paragraph: Option<usize>,
        needle: &str,
        whole: bool,
    ) -> Option<Found> {
        let item = &self.items[slot as usize];
        let rows = match row {
            Some(r) if r == 0 || r > item.rows.len() => return None,
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
                    Some(p) => match paragraph_range(text, p) {
                        Some(within) => within,
                        None => continue,
                    },
                };
                for range in matching::find(&text[within.clone()], needle, whole) {
                    found.push((r, c, range.start + within.start..range.end + within.start));
                }
            }
        }
        Some(found)
    }

    /// Edits every match, one pass per cell, as the engine does.
    fn apply_found(&mut self, slot: u32, found: Found, edit: &Edit) {
        let item = &mut self.items[slot as usize];
        let mut i = 0;
        while i < found.len() {
            let (r, c) = (found[i].0, found[i].1);
            let mut j = i;
            while j < found.len() && found[j].0 == r && found[j].1 == c {
                j += 1;
            }
            let ranges: Vec<Range<usize>> = found[i..j].iter().map(|m| m.2.clone()).collect();
            let cell = item.rows[r][c].as_mut().unwrap();
            *cell = edited(cell, &ranges, edit);
            i = j;
        }
    }

    fn random_year(&mut self) -> i32 {
        self.year + self.rng.below(2) as i32
    }

    /// A random in-force item with a non-empty cell of at least
    /// `min_paragraphs` абзацы in `column` (any row), returning the slot and
    /// 0-based row.
    fn pick_cell(&mut self, column: usize, min_paragraphs: usize) -> Option<(u32, usize)> {
        for _ in 0..30 {
            let slot = self.in_force.pick(&mut self.rng)?;
            let rows = self.items[slot as usize].rows.len();
            let r = self.rng.below(rows);
            if self
                .slot_text(slot, r, column)
                .is_some_and(|t| !t.trim().is_empty() && paragraphs(t) >= min_paragraphs)
            {
                return Some((slot, r));
            }
        }
        None
    }

    fn pick_column(&mut self) -> usize {
        match self.rng.below(20) {
            0..=8 => RESPONSIBLE,
            9..=13 => DEADLINE,
            14..=18 => MEASURE,
            _ => RESULT,
        }
    }

    /// A column for an operation on one of several абзацы: mostly the
    /// responsible one, whose cells list people a line each; the others
    /// have several only once an абзац has been added.
    fn pick_paragraphed_column(&mut self) -> usize {
        if self.rng.chance(0.7) {
            RESPONSIBLE
        } else {
            self.pick_column()
        }
    }

    /// Chooses the words to find in a cell: a name in the responsible
    /// column, else a run of words.
    fn pick_needle(&mut self, text: &str, column: usize) -> Option<String> {
        if column == RESPONSIBLE && self.rng.chance(0.8) {
            let present: Vec<&str> = NAMES.iter().copied().filter(|n| text.contains(n)).collect();
            if !present.is_empty() {
                return Some(self.rng.pick(&present).to_string());
            }
        }
        if column == DEADLINE && self.rng.chance(0.5) {
            let t = text.trim();
            if !t.is_empty() && t.chars().any(char::is_alphanumeric) {
                return Some(t.to_string());
            }
        }
        let max = if column == MEASURE { 3 } else { 2 };
        pick_words(&mut self.rng, text, max)
    }

    fn replacement(&mut self, column: usize, needle: &str) -> String {
        match column {
            RESPONSIBLE => loop {
                let name = *self.rng.pick(NAMES);
                if name != needle {
                    return name.to_string();
                }
            },
            DEADLINE => later_year(needle, 1 + self.rng.below(2) as i32).unwrap_or_else(|| {
                let y = self.random_year();
                deadline_text(&mut self.rng, y)
            }),
            _ => self.rng.pick(REPLACEMENTS).to_string(),
        }
    }

    /// Whether deleting the words at `found` would empty a whole cell, or
    /// with `paragraph` a whole абзац.
    fn empties(&self, slot: u32, found: &Found, paragraph: Option<usize>) -> bool {
        found.iter().any(|(r, c, range)| {
            let text = self.slot_text(slot, *r, *c).unwrap();
            let scope = match paragraph {
                Some(p) => paragraph_range(text, p).unwrap(),
                None => 0..text.len(),
            };
            *range == scope
        })
    }

    /// A word-level edit in one or more listed items; with `in_paragraph`,
    /// inside one абзац of a cell of several («в абзаце втором графы …»).
    fn words_op(
        &mut self,
        kind: Kind,
        in_paragraph: bool,
        point: Option<String>,
    ) -> Option<Operation> {
        let (column, min) = if in_paragraph {
            (self.pick_paragraphed_column(), 2)
        } else {
            (self.pick_column(), 1)
        };
        let (slot, r) = self.pick_cell(column, min)?;
        let text = self.slot_text(slot, r, column)?.to_string();
        let paragraph = in_paragraph.then(|| self.rng.between(1, paragraphs(&text)));
        let scope = match paragraph {
            Some(p) => paragraph_range(&text, p)?,
            None => 0..text.len(),
        };
        let needle = self.pick_needle(&text[scope], column)?;
        let rows = self.items[slot as usize].rows.len();
        let row = (rows > 1 && self.rng.chance(0.5)).then_some(r + 1);
        let whole = !self.rng.chance(0.05);
        // Now and then the formula names no column («в пункте 10 слова …»).
        let col = (!self.rng.chance(0.1)).then_some(column);
        let found = self.locate(slot, col, row, paragraph, &needle, whole)?;
        if found.is_empty() {
            return None;
        }
        if kind == Kind::DeleteWords && self.empties(slot, &found, paragraph) {
            // Do not empty a whole cell (or абзац) by deleting its words.
            return None;
        }
        let mut targets = vec![(slot, found)];
        // «В пунктах 10, 11 …»: other items with the same words.
        if col.is_some() && (column == RESPONSIBLE || column == DEADLINE) && self.rng.chance(0.3) {
            let want = self.rng.between(1, 4);
            let start = self.rng.below(self.in_force.len());
            for k in 0..300.min(self.in_force.len()) {
                if targets.len() > want {
                    break;
                }
                let other = self.in_force.items[(start + k) % self.in_force.len()];
                if targets.iter().any(|(s, _)| *s == other) {
                    continue;
                }
                if let Some(f) = self.locate(other, col, row, paragraph, &needle, whole) {
                    let empties = kind == Kind::DeleteWords && self.empties(other, &f, paragraph);
                    if !f.is_empty() && !empties {
                        targets.push((other, f));
                    }
                }
            }
        }
        let mut occurrence = Occurrence::All;
        if targets.len() == 1 {
            let n = targets[0].1.len();
            if n == 1 && self.rng.chance(0.2) {
                occurrence = Occurrence::Single;
            } else if n > 1 && self.rng.chance(0.5) {
                let k = self.rng.between(1, n);
                occurrence = Occurrence::Nth(k);
                let f = &mut targets[0].1;
                let chosen = f.swap_remove(k - 1);
                *f = vec![chosen];
            }
        }
        let items = Targets::Items(
            targets
                .iter()
                .map(|(s, _)| self.items[*s as usize].number.clone())
                .collect(),
        );
        let column_ref = col.map(|c| column_reference(&mut self.rng, c));
        let substring = !whole;
        let op = match kind {
            Kind::ReplaceWords => {
                let to = self.replacement(column, &needle);
                for (s, f) in targets {
                    self.apply_found(s, f, &Edit::Replace(&to));
                }
                Operation::ReplaceWords {
                    paragraph,
                    point,
                    items,
                    column: column_ref,
                    row,
                    from: needle,
                    to,
                    occurrence,
                    substring,
                }
            }
            Kind::InsertWords => {
                let words = match column {
                    RESPONSIBLE => {
                        let name = self.replacement(RESPONSIBLE, &needle);
                        if self.rng.chance(0.5) {
                            format!(",\n{name}")
                        } else {
                            name
                        }
                    }
                    DEADLINE => "(ежегодно)".to_string(),
                    _ => self.rng.pick(INSERTS).to_string(),
                };
                let after = self.rng.chance(0.7);
                let edit = if after {
                    Edit::After(&words)
                } else {
                    Edit::Before(&words)
                };
                for (s, f) in targets {
                    self.apply_found(s, f, &edit);
                }
                let anchor = if after {
                    Anchor::After(needle)
                } else {
                    Anchor::Before(needle)
                };
                Operation::InsertWords {
                    paragraph,
                    point,
                    items,
                    column: column_ref,
                    row,
                    anchor,
                    words,
                    occurrence,
                    substring,
                }
            }
            _ => {
                for (s, f) in targets {
                    self.apply_found(s, f, &Edit::Delete);
                }
                Operation::DeleteWords {
                    paragraph,
                    point,
                    items,
                    column: column_ref,
                    row,
                    words: needle,
                    occurrence,
                    substring,
                }
            }
        };
        Some(op)
    }

    /// «По всему тексту слова «И.В. Никитина» заменить словами «Ф.И. Воронин»».
    fn replace_everywhere(&mut self, point: Option<String>) -> Option<Operation> {
        let (slot, r) = self.pick_cell(RESPONSIBLE, 1)?;
        let text = self.slot_text(slot, r, RESPONSIBLE)?.to_string();
        let from = NAMES.iter().find(|n| text.contains(*n))?.to_string();
        let to = self.replacement(RESPONSIBLE, &from);
        let slots = self.in_force.items.clone();
        for s in slots {
            let found = self.locate(s, None, None, None, &from, true).unwrap();
            if !found.is_empty() {
                self.apply_found(s, found, &Edit::Replace(&to));
            }
        }
        Some(Operation::ReplaceWords {
            paragraph: None,
            point,
            items: Targets::All,
            column: None,
            row: None,
            from,
            to,
            occurrence: Occurrence::All,
            substring: false,
        })
    }

    fn set_status(&mut self, slot: u32, status: St) {
        let old = self.items[slot as usize].status;
        match old {
            St::InForce => self.in_force.remove(slot),
            St::Repealed => self.repealed.remove(slot),
            St::Excluded => {}
        }
        match status {
            St::InForce => self.in_force.insert(slot),
            St::Repealed => self.repealed.insert(slot),
            St::Excluded => {}
        }
        self.items[slot as usize].status = status;
    }

    /// An item listed in the plan: in force, or now and then repealed.
    fn pick_listed(&mut self, repealed_share: f64) -> Option<u32> {
        if self.repealed.len() > 0 && self.rng.chance(repealed_share) {
            self.repealed.pick(&mut self.rng)
        } else {
            self.in_force.pick(&mut self.rng)
        }
    }

    fn new_rows(&mut self) -> Vec<MRow> {
        let n = if self.rng.chance(0.8) { 1 } else { 2 };
        let year = self.random_year();
        (0..n)
            .map(|r| new_row(&mut self.rng, r > 0, year))
            .collect()
    }

    fn free_int(&mut self) -> String {
        loop {
            let n = self.next_int.to_string();
            self.next_int += 1;
            if !self.live.contains_key(&n) {
                return n;
            }
        }
    }

    fn operation(&mut self, kind: Kind, point: Option<String>) -> Option<Operation> {
        match kind {
            Kind::ReplaceWords | Kind::InsertWords | Kind::DeleteWords => {
                self.words_op(kind, false, point)
            }
            Kind::WordsInParagraph => {
                let kind = match self.rng.below(4) {
                    0 | 1 => Kind::ReplaceWords,
                    2 => Kind::InsertWords,
                    _ => Kind::DeleteWords,
                };
                self.words_op(kind, true, point)
            }
            Kind::InsertWordsAtEnd => self.insert_unanchored(true, point),
            Kind::InsertWordsAtStart => self.insert_unanchored(false, point),
            Kind::FootnoteWords => self.footnote_words(point),
            Kind::RestateParagraph | Kind::AddParagraph | Kind::DeleteParagraph => {
                self.paragraph_op(kind, point)
            }
            Kind::ReplaceWordsEverywhere => self.replace_everywhere(point),
            Kind::RestateItem => {
                // A repealed item restated is in force again.
                let slot = self.pick_listed(0.2)?;
                let rows = self.new_rows();
                let op = Operation::RestateItem {
                    point,
                    item: self.items[slot as usize].number.clone(),
                    rows: rows.iter().map(to_row).collect(),
                };
                self.items[slot as usize].rows = rows;
                self.set_status(slot, St::InForce);
                Some(op)
            }
            Kind::RestateCell => {
                let slot = self.in_force.pick(&mut self.rng)?;
                let column = self.pick_column();
                let nrows = self.items[slot as usize].rows.len();
                let r = self.rng.below(nrows);
                let row = (nrows > 1 || self.rng.chance(0.3)).then_some(r + 1);
                let year = self.random_year();
                let text = cell_text(&mut self.rng, column, year);
                let op = Operation::RestateCell {
                    point,
                    item: self.items[slot as usize].number.clone(),
                    row,
                    column: column_reference(&mut self.rng, column),
                    text: text.clone(),
                };
                self.items[slot as usize].rows[r][column] = Some(text);
                Some(op)
            }
            Kind::RestateRow => {
                let slot = self.in_force.pick(&mut self.rng)?;
                let nrows = self.items[slot as usize].rows.len();
                let r = self.rng.below(nrows);
                let year = self.random_year();
                let row = new_row(&mut self.rng, r > 0, year);
                let op = Operation::RestateRow {
                    point,
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
                if nrows >= 6 {
                    return None;
                }
                let after_row = match self.rng.below(4) {
                    0 => None,
                    1 => Some(0),
                    _ => Some(self.rng.between(1, nrows)),
                };
                let at = after_row.unwrap_or(nrows);
                let year = self.random_year();
                let row = new_row(&mut self.rng, at > 0, year);
                let op = Operation::AddRow {
                    point,
                    item: self.items[slot as usize].number.clone(),
                    after_row,
                    cells: to_row(&row),
                };
                self.items[slot as usize].rows.insert(at, row);
                Some(op)
            }
            Kind::RemoveRow => {
                for _ in 0..30 {
                    let slot = self.in_force.pick(&mut self.rng)?;
                    let nrows = self.items[slot as usize].rows.len();
                    if nrows < 2 {
                        continue;
                    }
                    let r = self.rng.below(nrows);
                    self.items[slot as usize].rows.remove(r);
                    return Some(Operation::RemoveRow {
                        point,
                        item: self.items[slot as usize].number.clone(),
                        row: r + 1,
                    });
                }
                None
            }
            Kind::AddItemAfter => {
                // «дополнить пунктом 91.1» after item 91 (in force or repealed).
                let anchor = self.pick_listed(0.1)?;
                let anchor_number = self.items[anchor as usize].number.clone();
                let base = anchor_number.split('.').next().unwrap().to_string();
                let number = self.free_sub_number(&base);
                let section = self.items[anchor as usize].section.clone();
                Some(self.add_item(point, number, Position::After(anchor_number), section))
            }
            Kind::AddItemBefore => {
                // «перед пунктом 5 дополнить пунктом 4.1» (5 in force or
                // repealed; the new item joins its section).
                let anchor = self.pick_listed(0.1)?;
                let anchor_number = self.items[anchor as usize].number.clone();
                let base: u64 = anchor_number.split('.').next()?.parse().ok()?;
                if base < 2 {
                    return None;
                }
                let number = self.free_sub_number(&(base - 1).to_string());
                let section = self.items[anchor as usize].section.clone();
                Some(self.add_item(point, number, Position::Before(anchor_number), section))
            }
            Kind::AddItemEndOfSection => {
                let section = self.rng.pick(&self.sections).clone();
                let number = self.free_int();
                let position = Position::EndOfSection(section.clone());
                Some(self.add_item(point, number, position, section))
            }
            Kind::AddSection => {
                let (number, after) = if self.rng.chance(0.5) {
                    let n = roman(self.next_top_section);
                    self.next_top_section += 1;
                    (n, None)
                } else {
                    // A subsection «V.1» right after section V.
                    let after = self.rng.pick(&self.sections).clone();
                    let n = (1..)
                        .map(|k| format!("{after}.{k}"))
                        .find(|n| !self.sections.contains(n))
                        .unwrap();
                    (n, Some(after))
                };
                match &after {
                    None => self.sections.push(number.clone()),
                    Some(a) => {
                        let at = self.sections.iter().position(|s| s == a).unwrap();
                        self.sections.insert(at + 1, number.clone());
                    }
                }
                let title = self.rng.pick(SECTION_TITLES).to_string();
                self.titles.insert(number.clone(), title.clone());
                Some(Operation::AddSection {
                    point,
                    number,
                    title,
                    id: None,
                    after,
                    before: None,
                })
            }
            Kind::RestateSection => {
                // «наименование раздела II изложить в следующей редакции».
                let section = self.rng.pick(&self.sections).clone();
                let title = loop {
                    let t = *self.rng.pick(SECTION_TITLES);
                    if t != self.titles[&section] {
                        break t.to_string();
                    }
                };
                self.titles.insert(section.clone(), title.clone());
                Some(Operation::RestateSection {
                    point,
                    section,
                    title,
                })
            }
            Kind::RepealItem => {
                let slot = self.in_force.pick(&mut self.rng)?;
                // Keep most of the plan in force.
                if self.in_force.len() < self.items.len() / 2 {
                    return None;
                }
                self.set_status(slot, St::Repealed);
                Some(Operation::RepealItem {
                    point,
                    item: self.items[slot as usize].number.clone(),
                })
            }
            Kind::ExcludeItem => {
                if self.in_force.len() < self.items.len() / 2 {
                    return None;
                }
                let slot = self.pick_listed(0.3)?;
                let number = self.items[slot as usize].number.clone();
                self.set_status(slot, St::Excluded);
                self.live.remove(&number);
                if let Ok(n) = number.parse::<u64>() {
                    self.gaps.push(n);
                }
                Some(Operation::ExcludeItem {
                    point,
                    item: number,
                })
            }
            Kind::Renumber => self.renumber(point),
            Kind::AddFootnote => {
                let number = if self.rng.chance(0.5) || self.footnotes.is_empty() {
                    let max = self
                        .footnotes
                        .iter()
                        .filter_map(|f| f.split('.').next()?.parse::<u32>().ok())
                        .max()
                        .unwrap_or(0);
                    (max + 1).to_string()
                } else {
                    let base = self.rng.pick(&self.footnotes).split('.').next().unwrap();
                    (1..)
                        .map(|k| format!("{base}.{k}"))
                        .find(|n| !self.footnotes.contains(n))
                        .unwrap()
                };
                let text = self.rng.pick(FOOTNOTES).to_string();
                self.footnotes.push(number.clone());
                self.footnote_text.insert(number.clone(), text.clone());
                Some(Operation::AddFootnote {
                    point,
                    number,
                    text,
                })
            }
            Kind::RestateFootnote => {
                let number = self.rng.pick(&self.footnotes).clone();
                let year = self.random_year();
                // Now and then in two абзацы, for the word formulas «в абзаце
                // втором сноски …».
                let separator = if self.rng.chance(0.3) { "\n" } else { " " };
                let text = format!(
                    "{}{separator}Срок представления информации — {}.",
                    self.rng.pick(FOOTNOTES),
                    deadline_text(&mut self.rng, year)
                );
                self.footnote_text.insert(number.clone(), text.clone());
                Some(Operation::RestateFootnote {
                    point,
                    number,
                    text,
                })
            }
            Kind::RemoveFootnote => {
                if self.footnotes.len() < 3 {
                    return None;
                }
                let at = self.rng.below(self.footnotes.len());
                let number = self.footnotes.remove(at);
                self.footnote_text.remove(&number);
                Some(Operation::RemoveFootnote { point, number })
            }
        }
    }

    /// The first of `{base}.1`, `{base}.2`, … that no listed item has.
    fn free_sub_number(&self, base: &str) -> String {
        (1..)
            .map(|k| format!("{base}.{k}"))
            .find(|n| !self.live.contains_key(n))
            .unwrap()
    }

    /// «дополнить пунктом N следующего содержания: …» at `position`, the
    /// new item in `section`.
    fn add_item(
        &mut self,
        point: Option<String>,
        number: String,
        position: Position,
        section: String,
    ) -> Operation {
        let rows = self.new_rows();
        let op = Operation::AddItem {
            point,
            number: number.clone(),
            id: None,
            position,
            rows: rows.iter().map(to_row).collect(),
        };
        self.add_model_item(MItem {
            number,
            section,
            status: St::InForce,
            rows,
        });
        op
    }

    /// One line of new text for an абзац of `column`.
    fn paragraph_text(&mut self, column: usize) -> String {
        match column {
            RESPONSIBLE if self.rng.chance(0.2) => self.rng.pick(DEPARTMENTS).to_string(),
            RESPONSIBLE => self.rng.pick(NAMES).to_string(),
            _ => {
                let year = self.random_year();
                cell_text(&mut self.rng, column, year)
            }
        }
    }

    /// «абзац второй графы 4 пункта 10 изложить в следующей редакции: …»,
    /// «графу 4 пункта 10 дополнить абзацем …», «абзац второй … исключить».
    /// Restated and deleted абзацы are taken from cells of two or more, so
    /// that no formula stands in for restating or emptying a whole cell.
    fn paragraph_op(&mut self, kind: Kind, point: Option<String>) -> Option<Operation> {
        let (column, min) = if kind == Kind::AddParagraph {
            (self.pick_column(), 1)
        } else {
            (self.pick_paragraphed_column(), 2)
        };
        let (slot, r) = self.pick_cell(column, min)?;
        let nrows = self.items[slot as usize].rows.len();
        let row = (nrows > 1 || self.rng.chance(0.3)).then_some(r + 1);
        let mut lines: Vec<String> = self
            .slot_text(slot, r, column)?
            .split('\n')
            .map(str::to_string)
            .collect();
        let item = self.items[slot as usize].number.clone();
        let column_ref = column_reference(&mut self.rng, column);
        let op = match kind {
            Kind::RestateParagraph => {
                let paragraph = self.rng.between(1, lines.len());
                let mut text = self.paragraph_text(column);
                // A name in a list keeps the list's comma.
                if column == RESPONSIBLE && lines[paragraph - 1].ends_with(',') {
                    text.push(',');
                }
                lines[paragraph - 1] = text.clone();
                Operation::RestateParagraph {
                    point,
                    item,
                    row,
                    column: column_ref,
                    paragraph,
                    text,
                }
            }
            Kind::AddParagraph => {
                if lines.len() >= 6 {
                    return None;
                }
                let after = match self.rng.below(4) {
                    0 | 1 => None,
                    2 => Some(0),
                    _ => Some(self.rng.between(1, lines.len())),
                };
                let text = self.paragraph_text(column);
                lines.insert(after.unwrap_or(lines.len()), text.clone());
                Operation::AddParagraph {
                    point,
                    item,
                    row,
                    column: column_ref,
                    after,
                    text,
                }
            }
            _ => {
                let paragraph = self.rng.between(1, lines.len());
                lines.remove(paragraph - 1);
                Operation::DeleteParagraph {
                    point,
                    item,
                    row,
                    column: column_ref,
                    paragraph,
                }
            }
        };
        let text = lines.join("\n");
        self.items[slot as usize].rows[r][column] = (!text.is_empty()).then_some(text);
        Some(op)
    }

    /// «графу 4 пункта 10 дополнить словами …» with no anchor words: at the
    /// end (or start) of one cell, or of one of its абзацы. The column is
    /// always named, and the row when the item has several.
    fn insert_unanchored(&mut self, at_end: bool, point: Option<String>) -> Option<Operation> {
        let column = self.pick_column();
        let (slot, r) = self.pick_cell(column, 1)?;
        let nrows = self.items[slot as usize].rows.len();
        let row = (nrows > 1 || self.rng.chance(0.3)).then_some(r + 1);
        let lines = paragraphs(self.slot_text(slot, r, column)?);
        let paragraph = (lines > 1 && self.rng.chance(0.5)).then(|| self.rng.between(1, lines));
        let scope = {
            let text = self.slot_text(slot, r, column)?;
            match paragraph {
                Some(p) => paragraph_range(text, p)?,
                None => 0..text.len(),
            }
        };
        let words = match (at_end, column) {
            (true, RESPONSIBLE) => format!(",\n{}", self.rng.pick(NAMES)),
            (true, DEADLINE) => "(ежегодно)".to_string(),
            (true, _) => self.rng.pick(INSERTS).to_string(),
            (false, RESPONSIBLE) => format!("{},", self.rng.pick(NAMES)),
            (false, _) => self.rng.pick(PREFIXES).to_string(),
        };
        let (at, edit, anchor) = if at_end {
            (scope.end, Edit::After(&words), Anchor::End)
        } else {
            (scope.start, Edit::Before(&words), Anchor::Start)
        };
        self.apply_found(slot, vec![(r, column, at..at)], &edit);
        Some(Operation::InsertWords {
            point,
            items: Targets::Items(vec![self.items[slot as usize].number.clone()]),
            column: Some(column_reference(&mut self.rng, column)),
            row,
            paragraph,
            anchor,
            words,
            occurrence: Occurrence::All,
            substring: false,
        })
    }

    /// «в сноске 2 слова «…» заменить словами «…»» and the other word
    /// formulas, in a footnote's text (now and then in one абзац of it).
    fn footnote_words(&mut self, point: Option<String>) -> Option<Operation> {
        let mark = self.rng.pick(&self.footnotes).clone();
        let text = self.footnote_text[&mark].clone();
        let lines = paragraphs(&text);
        let paragraph = (lines > 1 && self.rng.chance(0.5)).then(|| self.rng.between(1, lines));
        let scope = match paragraph {
            Some(p) => paragraph_range(&text, p)?,
            None => 0..text.len(),
        };
        let items = Targets::Footnote(mark.clone());
        let choice = self.rng.below(10);
        if let 6 | 7 = choice {
            // No anchor words: at the end or the start.
            let at_end = choice == 6;
            let words = self
                .rng
                .pick(if at_end { INSERTS } else { PREFIXES })
                .to_string();
            let (at, edit, anchor) = if at_end {
                (scope.end, Edit::After(&words), Anchor::End)
            } else {
                (scope.start, Edit::Before(&words), Anchor::Start)
            };
            let new = edited(&text, std::slice::from_ref(&(at..at)), &edit);
            self.footnote_text.insert(mark, new);
            return Some(Operation::InsertWords {
                point,
                items,
                column: None,
                row: None,
                paragraph,
                anchor,
                words,
                occurrence: Occurrence::All,
                substring: false,
            });
        }
        let needle = pick_words(&mut self.rng, &text[scope.clone()], 3)?;
        let whole = !self.rng.chance(0.05);
        let mut found: Vec<Range<usize>> = matching::find(&text[scope.clone()], &needle, whole)
            .into_iter()
            .map(|r| r.start + scope.start..r.end + scope.start)
            .collect();
        if found.is_empty() {
            return None;
        }
        let mut occurrence = Occurrence::All;
        if found.len() == 1 && self.rng.chance(0.2) {
            occurrence = Occurrence::Single;
        } else if found.len() > 1 && self.rng.chance(0.5) {
            let k = self.rng.between(1, found.len());
            occurrence = Occurrence::Nth(k);
            found = vec![found.swap_remove(k - 1)];
        }
        let substring = !whole;
        let (new, op) = match choice {
            0..=3 => {
                let to = self.rng.pick(REPLACEMENTS).to_string();
                let new = edited(&text, &found, &Edit::Replace(&to));
                let op = Operation::ReplaceWords {
                    point,
                    items,
                    column: None,
                    row: None,
                    paragraph,
                    from: needle,
                    to,
                    occurrence,
                    substring,
                };
                (new, op)
            }
            4 | 5 => {
                let words = self.rng.pick(INSERTS).to_string();
                let after = self.rng.chance(0.7);
                let (edit, anchor) = if after {
                    (Edit::After(&words), Anchor::After(needle))
                } else {
                    (Edit::Before(&words), Anchor::Before(needle))
                };
                let new = edited(&text, &found, &edit);
                let op = Operation::InsertWords {
                    point,
                    items,
                    column: None,
                    row: None,
                    paragraph,
                    anchor,
                    words,
                    occurrence,
                    substring,
                };
                (new, op)
            }
            _ => {
                if found.contains(&scope) {
                    // Do not empty the footnote (or an абзац of it).
                    return None;
                }
                let new = edited(&text, &found, &Edit::Delete);
                let op = Operation::DeleteWords {
                    point,
                    items,
                    column: None,
                    row: None,
                    paragraph,
                    words: needle,
                    occurrence,
                    substring,
                };
                (new, op)
            }
        };
        self.footnote_text.insert(mark, new);
        Some(op)
    }

    /// «пункты 5–7 считать соответственно пунктами 4–6» into a gap left by
    /// an excluded item, or a swap «пункты 5, 6 считать пунктами 6, 5».
    fn renumber(&mut self, point: Option<String>) -> Option<Operation> {
        let live_int = |st: &State, n: u64| st.live.contains_key(&n.to_string());
        if !self.gaps.is_empty() && self.rng.chance(0.75) {
            let i = self.rng.below(self.gaps.len());
            let gap = self.gaps.swap_remove(i);
            if live_int(self, gap) {
                return None;
            }
            let down = self.rng.chance(0.7) || gap < 2;
            let mut from = Vec::new();
            for k in 1..=5u64 {
                let n = if down { gap + k } else { gap - k };
                if n == 0 || !live_int(self, n) {
                    break;
                }
                from.push(n);
                if !down && n == 1 {
                    break;
                }
            }
            if from.is_empty() {
                return None;
            }
            let to: Vec<u64> = from
                .iter()
                .map(|n| if down { n - 1 } else { n + 1 })
                .collect();
            let freed = *from.last().unwrap();
            self.gaps.push(freed);
            let from: Vec<String> = from.iter().map(u64::to_string).collect();
            let to: Vec<String> = to.iter().map(u64::to_string).collect();
            self.move_numbers(&from, &to);
            return Some(Operation::Renumber { point, from, to });
        }
        // A swap of two neighbours.
        let slot = self.pick_listed(0.1)?;
        let a: u64 = self.items[slot as usize].number.parse().ok()?;
        if !live_int(self, a + 1) {
            return None;
        }
        let from = vec![a.to_string(), (a + 1).to_string()];
        let to = vec![(a + 1).to_string(), a.to_string()];
        self.move_numbers(&from, &to);
        Some(Operation::Renumber { point, from, to })
    }

    fn move_numbers(&mut self, from: &[String], to: &[String]) {
        let slots: Vec<u32> = from.iter().map(|n| self.live[n]).collect();
        for n in from {
            self.live.remove(n);
        }
        for (slot, n) in slots.iter().zip(to) {
            assert!(!self.live.contains_key(n), "renumbering onto live {n}");
            self.items[*slot as usize].number = n.clone();
            self.live.insert(n.clone(), *slot);
            self.ever.insert(n.clone());
        }
    }
}

fn rows_text(rows: &[MRow]) -> Vec<Vec<(usize, String)>> {
    rows.iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .filter_map(|(c, t)| t.clone().map(|t| (c, t)))
                .collect()
        })
        .collect()
}

impl Generated {
    /// Total operations.
    pub fn operations(&self) -> usize {
        self.orders.iter().map(|o| o.operations.len()).sum()
    }

    /// Checks that the history's last revision is exactly what the generator
    /// tracked: every listed item's number, status and cell text, the
    /// sections' numbers and titles, the footnotes' marks and texts.
    ///
    /// # Panics
    /// On the first difference.
    pub fn check(&self, history: &History) {
        let last = history.revision(history.revisions().len() - 1);
        let mut seen = 0;
        for item in last.items() {
            let (repealed, rows) = self
                .expected
                .get(&item.number)
                .unwrap_or_else(|| panic!("item {} is not expected", item.number));
            assert_eq!(
                *repealed,
                matches!(item.status, ItemStatus::Repealed { .. }),
                "status of item {}",
                item.number
            );
            let actual: Vec<Vec<(usize, String)>> = item
                .rows
                .iter()
                .map(|r| {
                    r.cells
                        .iter()
                        .map(|c| (c.column, c.text.to_string()))
                        .collect()
                })
                .collect();
            assert_eq!(actual, rows_text(rows), "text of item {}", item.number);
            seen += 1;
        }
        assert_eq!(seen, self.expected.len(), "listed items");
        let mut footnotes: Vec<(String, String)> = last
            .footnotes()
            .iter()
            .map(|f| (f.number.clone(), f.text.to_string()))
            .collect();
        footnotes.sort();
        assert_eq!(footnotes, self.expected_footnotes, "footnotes");
        let sections: Vec<(String, String)> = last
            .sections()
            .iter()
            .map(|s| (s.number.clone(), s.title.clone()))
            .collect();
        assert_eq!(sections, self.expected_sections, "sections");
    }
}
