//! A soak test of the window: egui_kittest drives the whole app, on the sample and on a small
//! synthetic package, with a seeded stream of random events (keys, typing, clicks on the grid,
//! the list of parts and the findings, pastes of random blocks, undo and redo, fixes, row inserts
//! and deletes). Nothing may panic, every save loads back equal to the package in the window,
//! undoing every step gives back the package the window opened with, and redoing them all gives
//! back the end.
//!
//! `cargo test --test soak` runs 2,000 events on each package; `SOAK_EVENTS=20000` runs longer
//! (`SOAK_SEED` picks another sequence).

#[path = "common/harness.rs"]
mod common;

#[path = "common/rng.rs"]
mod rng;
use rng::{Rng, env_count};

use budget_disclosure::io::project;
use budget_disclosure::model::Package;
use budget_disclosure::model::document::Origin;
use budget_disclosure::synth::{Size, generate};
use budget_disclosure::ui::BudgetApp;
use budget_disclosure::ui::commands::AppCommand;
use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;

const W: f32 = 1400.0;
const H: f32 = 900.0;

fn harness(app: BudgetApp) -> Harness<'static, BudgetApp> {
    common::harness_sized(app, egui::Vec2::new(W, H))
}

const TEXTS: &[&str] = &[
    "1",
    "12.5",
    "-3",
    "1,234.56",
    "０.５",
    "abc",
    "2014001",
    "30一",
    "３０１",
    "",
    " ",
    "信访",
    "999999999999999",
    "1e5",
    "0.001",
    "=1+1",
    "\t",
    "99999999999999999999",
];

const KEYS: &[Key] = &[
    Key::ArrowUp,
    Key::ArrowDown,
    Key::ArrowLeft,
    Key::ArrowRight,
    Key::Tab,
    Key::Enter,
    Key::F2,
    Key::Escape,
    Key::Delete,
    Key::Backspace,
    Key::Home,
    Key::End,
    Key::PageUp,
    Key::PageDown,
];

fn random_block(rng: &mut Rng) -> String {
    let rows = 1 + rng.below(4);
    let cols = 1 + rng.below(4);
    (0..rows)
        .map(|_| {
            (0..cols)
                .map(|_| TEXTS[rng.below(TEXTS.len())])
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A click somewhere in the window below the menu bar and above the status line (the menus
/// would open other documents, which is not what this test is about).
fn click(h: &mut Harness<'_, BudgetApp>, rng: &mut Rng) {
    let pos = Pos2::new(
        5.0 + rng.below((W - 10.0) as usize) as f32,
        45.0 + rng.below((H - 90.0) as usize) as f32,
    );
    h.event(Event::PointerMoved(pos));
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
}

fn soak(name: &str, start: Package, seed: u64, events: usize) {
    let dir =
        std::env::temp_dir().join(format!("budget-soak-{name}-{}-{seed}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("soak.budget.ron");
    let mut h = harness(BudgetApp::with_package(start.clone(), Origin::New));
    h.run_steps(2);
    let mut rng = Rng(seed);
    let mut saves = 0;
    for n in 0..events {
        match rng.below(20) {
            0..=5 => h.key_press(KEYS[rng.below(KEYS.len())]),
            6 | 7 => h.key_press_modifiers(Modifiers::SHIFT, KEYS[rng.below(4)]),
            8..=10 => h.event(Event::Text(TEXTS[rng.below(TEXTS.len())].into())),
            11 | 12 => click(&mut h, &mut rng),
            13 => h.event(Event::Paste(random_block(&mut rng))),
            14 => h.key_press_modifiers(Modifiers::COMMAND, Key::Z),
            15 => h.key_press_modifiers(Modifiers::COMMAND, Key::Y),
            16 => {
                // Another table, as a click in the list of parts would.
                let keys: Vec<String> = h
                    .state()
                    .doc
                    .pkg
                    .layout()
                    .tables
                    .iter()
                    .map(|t| t.key.clone())
                    .collect();
                let k = keys[rng.below(keys.len())].clone();
                h.state_mut().show_table(&k);
            }
            17 => {
                let count = h.state_mut().findings().len();
                let i = rng.below(count);
                if let Some(id) = h.state_mut().finding_id(i) {
                    h.state_mut().run(AppCommand::Fix(id));
                }
            }
            18 => h.state_mut().run(AppCommand::InsertRow),
            _ => h.state_mut().run(AppCommand::DeleteRow),
        }
        h.step();
        // Whatever dialog a click opened is closed again, as a user would.
        if h.state().dialog.is_some() && rng.below(2) == 0 {
            h.key_press(Key::Escape);
            h.step();
        }
        if n % 150 == 149 {
            h.state_mut().save_to(&file);
            saves += 1;
            let back = project::load(&file).unwrap_or_else(|e| {
                panic!("event {n}: the saved file does not load: {e}");
            });
            // Not assert_eq: the two packages printed would be a hundred kilobytes.
            assert!(back == h.state().doc.pkg, "event {n}: the save differs");
        }
    }
    h.run_steps(2);
    let end = h.state().doc.pkg.clone();
    let mut steps = 0;
    while h.state_mut().doc.undo().is_some() {
        steps += 1;
    }
    assert!(h.state().doc.pkg == start, "undo of {steps} steps");
    while h.state_mut().doc.redo().is_some() {}
    assert!(h.state().doc.pkg == end, "redo of {steps} steps");
    println!("soak (seed {seed}): {events} events, {steps} undo steps, {saves} saves loaded back");
    assert!(steps > 0, "the events changed something");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn random_events_on_the_sample() {
    let seed = env_count("SOAK_SEED", 7) as u64;
    soak(
        "sample",
        budget_disclosure::io::sample::sample(),
        seed,
        env_count("SOAK_EVENTS", 2000),
    );
}

#[test]
fn random_events_on_a_small_synthetic_package() {
    let seed = env_count("SOAK_SEED", 11) as u64;
    let pkg = generate(Size {
        codes: 30,
        projects: 4,
        units: 3,
    });
    soak("synthetic", pkg, seed, env_count("SOAK_EVENTS", 2000));
}
