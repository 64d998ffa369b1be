"""Git history, parsed from canned `git log` / `git status` output: no git, no repository (refsite/history.py)."""

from __future__ import annotations

import datetime as dt

from refsite.history import GitOutput, History, load_history, parse_history, parse_log, parse_status


def stamp(day: str) -> str:
    return str(int(dt.datetime.fromisoformat(day + "T12:00:00+00:00").timestamp()))


def commit(sha: str, day: str, *changes: tuple[str, str]) -> str:
    """One commit as `git log -z --name-status --format=%x01%H%x02%h%x02%ct` prints it."""
    header = f"\x01{sha * 40}\x02{sha * 7}\x02{stamp(day)}\0"
    return header + "\n" + "".join(f"{code}\0{path}\0" for code, path in changes)


LOG = (
    commit("c", "2024-03-05", ("M", "data/events/a.yml"), ("D", "data/events/gone.yml"))
    + commit("b", "2024-02-20", ("A", "data/events/b.yml"), ("M", "data/events/a.yml"), ("M", "README.md"))
    + commit("a", "2024-01-10", ("A", "data/events/a.yml"), ("A", "data/events/gone.yml"), ("A", "data/notes.txt"))
)


def test_log_is_split_into_commits_with_their_changes():
    commits = parse_log(LOG)
    assert [c.short for c, _ in commits] == ["ccccccc", "bbbbbbb", "aaaaaaa"]
    assert commits[0][0].iso == "2024-03-05" and commits[0][0].label == "5 March 2024"
    assert commits[1][1] == [("A", "data/events/b.yml"), ("M", "data/events/a.yml"), ("M", "README.md")]
    assert parse_log("") == []


def test_status_lists_paths_and_skips_the_old_name_of_a_rename():
    status = "?? data/events/new.yml\0 M data/events/a.yml\0R  data/events/to.yml\0data/events/from.yml\0"
    assert parse_status(status) == ["data/events/new.yml", "data/events/a.yml", "data/events/to.yml"]
    assert parse_status("") == []


def test_history_gives_each_entry_file_its_dates_and_each_day_its_changes():
    history = parse_history(GitOutput(prefix="data/", shallow=False, log=LOG, status=""))
    assert history.available and not history.dirty and history.head.short == "ccccccc"
    a = history.of_key("events/a.yml")
    assert a.added.iso == "2024-01-10" and a.changed.iso == "2024-03-05" and not a.uncommitted
    assert history.of_key("events/b.yml").added.iso == "2024-02-20"
    assert "notes.txt" not in history.files  # not an entry file
    days = [(d.iso, d.added, d.changed, d.removed) for d in history.days]
    assert days == [
        ("2024-03-05", [], ["events/a.yml"], ["events/gone.yml"]),
        ("2024-02-20", ["events/b.yml"], ["events/a.yml"], []),
        ("2024-01-10", ["events/a.yml", "events/gone.yml"], [], []),
    ]


def test_a_shallow_clone_does_not_date_its_oldest_commit_as_the_files_addition():
    history = parse_history(GitOutput(prefix="data/", shallow=True, log=LOG, status=""))
    assert history.of_key("events/a.yml").added is None
    assert history.of_key("events/b.yml").added.iso == "2024-02-20"
    assert history.days[-1].iso == "2024-02-20"  # the boundary day shows no invented additions


def test_uncommitted_files_are_marked_and_make_the_data_dirty():
    status = " M data/events/a.yml\0?? data/events/new.yml\0?? docs/x.md\0"
    history = parse_history(GitOutput(prefix="data/", shallow=False, log=LOG, status=status))
    assert history.dirty
    assert history.of_key("events/a.yml").uncommitted and history.of_key("events/new.yml").uncommitted
    assert "x.md" not in str(history.files)


def test_the_data_folder_may_sit_anywhere_in_the_repository():
    log = commit("d", "2024-05-01", ("A", "site/data/events/x.yml"), ("A", "data/events/y.yml"))
    history = parse_history(GitOutput(prefix="site/data/", shallow=False, log=log, status=""))
    assert set(history.files) == {"events/x.yml"}


def test_without_git_there_is_no_history_and_no_error(tmp_path):
    history = load_history(tmp_path)  # not a repository (or no git at all)
    assert isinstance(history, History) and not history.available and history.reason
