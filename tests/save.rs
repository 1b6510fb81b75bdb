//! Saving never damages what is on disk: a save killed at any moment leaves the file whole
//! (old or new content) and `FILE.bak` whole, and the temporary files it left are cleaned up by
//! the next save.

use budget_disclosure::io::{project, sample};
use budget_disclosure::model::Appendix;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Two valid project files: the sample, and the sample with a 15 MB appendix (a save that
/// takes long enough to be killed in the middle).
fn contents() -> (Vec<u8>, Vec<u8>) {
    let small = sample::sample();
    let mut big = small.clone();
    big.appendices.push(Appendix {
        title: "长附件".into(),
        text: "长".repeat(5_000_000),
    });
    (
        project::to_string(&small).unwrap().into_bytes(),
        project::to_string(&big).unwrap().into_bytes(),
    )
}

fn temps(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect()
}

/// Not a test of its own: the child process the next test starts and kills.
#[test]
#[ignore = "run as a child process by interrupted_saves_never_damage_the_file"]
fn child_saves_forever() {
    let Some(path) = std::env::var_os("BUDGET_SAVE_CHILD") else {
        return;
    };
    let path = PathBuf::from(path);
    let (a, b) = contents();
    println!("ready");
    loop {
        project::write_atomic(&path, &b).unwrap();
        project::write_atomic(&path, &a).unwrap();
    }
}

#[test]
fn interrupted_saves_never_damage_the_file() {
    let dir = std::env::temp_dir().join(format!("budget-save-kill-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("package.budget.ron");
    let bak = dir.join("package.budget.ron.bak");
    let (a, b) = contents();
    project::write_atomic(&path, &a).unwrap();
    let whole = |bytes: &[u8]| bytes == a.as_slice() || bytes == b.as_slice();
    let mut killed_mid_write = 0;
    for trial in 0..8u64 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--ignored", "--exact", "child_saves_forever", "--nocapture"])
            .env("BUDGET_SAVE_CHILD", &path)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("the test binary runs as a child");
        // Once it is saving, kill it at different moments of its saves.
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        assert!(lines.any(|l| l.is_ok_and(|l| l.trim() == "ready")));
        std::thread::sleep(Duration::from_millis(trial * 37 % 300));
        child.kill().unwrap();
        child.wait().unwrap();
        killed_mid_write += usize::from(!temps(&dir).is_empty());
        let now = std::fs::read(&path).unwrap();
        assert!(
            whole(&now),
            "trial {trial}: the file is damaged ({} bytes)",
            now.len()
        );
        project::load(&path).expect("the file loads after a killed save");
        if bak.exists() {
            let kept = std::fs::read(&bak).unwrap();
            assert!(
                whole(&kept),
                "trial {trial}: FILE.bak is cut ({} bytes)",
                kept.len()
            );
        }
    }
    println!("8 saves killed, {killed_mid_write} of them while writing");
    // The next save removes what the killed ones left.
    project::write_atomic(&path, &a).unwrap();
    assert_eq!(temps(&dir), Vec::<PathBuf>::new());
    assert!(whole(&std::fs::read(&bak).unwrap()));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_save_keeps_the_previous_version_as_bak_and_leaves_no_temporary_file() {
    let dir = std::env::temp_dir().join(format!("budget-save-bak-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("x.budget.ron");
    project::write_atomic(&path, b"one").unwrap();
    assert!(!dir.join("x.budget.ron.bak").exists());
    project::write_atomic(&path, b"two").unwrap();
    project::write_atomic(&path, b"three").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"three");
    assert_eq!(std::fs::read(dir.join("x.budget.ron.bak")).unwrap(), b"two");
    assert!(temps(&dir).is_empty());
    // A stale temporary file of a process that is gone is removed; another file's is not.
    let stale = dir.join(".x.budget.ron.4000000000.tmp");
    let stale_bak = dir.join(".x.budget.ron.bak.4000000000.tmp");
    let other = dir.join(".y.budget.ron.4000000000.tmp");
    for p in [&stale, &stale_bak, &other] {
        std::fs::write(p, b"half").unwrap();
    }
    project::write_atomic(&path, b"four").unwrap();
    assert!(!stale.exists() && !stale_bak.exists());
    assert!(other.exists());
    let _ = std::fs::remove_dir_all(&dir);
}
