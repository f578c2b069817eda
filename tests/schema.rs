//! The published JSON Schemas in `schema/` are the ones the types generate,
//! and the fixtures validate against the types. Regenerate the files with
//! `PLANVER_BLESS=1 cargo test --test schema`.

use std::path::Path;

fn published(name: &str, generated: serde_json::Value) {
    let path = Path::new("schema").join(name);
    let text = serde_json::to_string_pretty(&generated).unwrap() + "\n";
    if std::env::var_os("PLANVER_BLESS").is_some() {
        std::fs::create_dir_all("schema").unwrap();
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run PLANVER_BLESS=1 cargo test --test schema",
            path.display()
        )
    });
    assert!(
        committed == text,
        "{} is out of date; run PLANVER_BLESS=1 cargo test --test schema",
        path.display()
    );
}

#[test]
fn plan_schema_is_published() {
    published("plan.schema.json", planver::schema::plan());
}

#[test]
fn order_schema_is_published() {
    published("order.schema.json", planver::schema::order());
}

#[test]
fn expectations_schema_is_published() {
    published("expectations.schema.json", planver::schema::expectations());
}

#[test]
fn diff_schema_is_published() {
    published("diff.schema.json", planver::schema::diff());
}
