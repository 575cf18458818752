import asyncio
import hashlib
import json
import os
import sqlite3
import time

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from tests.node.conftest import run_async
from thorbecke.node.processing_log import (
    ACTIVITY,
    SUBJECT,
    SUBJECT_TYPE,
    GroupCommitter,
    LogWriteError,
    ProcessingLog,
    Record,
)

BSN_A, BSN_B = "999990019", "999990020"


def record(i: int, subject: str | None = None) -> Record:
    attributes = {ACTIVITY: "https://register.example/activities/inkomen"}
    if subject:
        attributes |= {SUBJECT: subject, SUBJECT_TYPE: "BSN"}
    return Record(
        f"{i:032x}",
        f"{i:016x}",
        "inkomen opvragen",
        1_700_000_000_000 + i,
        1_700_000_000_005 + i,
        attributes=attributes,
    )


def postgres_schema() -> str | None:
    """A fresh schema on the PostgreSQL server of the test run, when the run is on PostgreSQL."""
    url = os.environ.get("THORBECKE_DATABASE_URL", "")
    if not url.startswith("postgresql://"):
        return None
    import psycopg

    server = url.rsplit("/", 1)[0] + "/postgres"
    schema = f"log_{os.urandom(6).hex()}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    return f"{server}?options=-csearch_path%3D{schema}"


BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not os.environ.get("THORBECKE_DATABASE_URL", "").startswith("postgresql://"),
            reason="the PostgreSQL run of the suite tests this backend",
        ),
    ),
]


@pytest.fixture(params=BACKENDS)
def log(tmp_path, request):
    location = tmp_path / "log.sqlite" if request.param == "sqlite" else postgres_schema()
    log = ProcessingLog(location, os.urandom(32), ec.generate_private_key(ec.SECP256R1()))
    log.append([record(1, BSN_A), record(2, BSN_B)])
    log.append([record(3, BSN_A)])
    log.append([record(4), record(5, BSN_B)])
    yield log
    log.close()
    if request.param == "postgresql":
        import psycopg

        schema = str(location).rsplit("%3D", 1)[1]
        with psycopg.connect(str(location).split("?")[0], autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")


def tamper(log, sql):
    log._store._db.execute(sql)


def test_an_untouched_log_verifies(log):
    assert log.verify() == []


def test_a_person_finds_their_records_and_the_log_holds_no_citizen_number(log):
    found = log.for_subject(BSN_A)
    assert [r["span_id"] for r in found] == [f"{1:016x}", f"{3:016x}"]
    assert all(BSN_A not in str(row) for row in log._store.all("SELECT * FROM records"))
    assert found[0]["attributes"][SUBJECT_TYPE] == "BSN"


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("UPDATE records SET name = 'iets anders' WHERE seq = 2", "record 2 was changed"),
        ("DELETE FROM records WHERE seq = 3", "record 3 is missing"),
        ("DELETE FROM records WHERE seq = 5", "checkpoint 5 names a record that is gone"),
        (
            "INSERT INTO records SELECT 6, trace_id, span_id, parent_span_id, name, start_time, end_time, status, "
            "resource, attributes, subject, hash FROM records WHERE seq = 5",
            "record 6 was changed",
        ),
        ("UPDATE checkpoints SET hash = 'x' WHERE seq = 3", "checkpoint 3 does not match"),
    ],
)
def test_any_change_insertion_or_deletion_is_found(log, sql, words):
    tamper(log, sql)
    assert any(words in problem for problem in log.verify()), log.verify()


def test_a_reopened_log_continues_the_chain(log, tmp_path):
    key = log._signing_key
    log.close()
    reopened = ProcessingLog(log.location, os.urandom(32), key)
    reopened.append([record(6)])
    assert reopened.verify() == []
    reopened.close()


def test_concurrent_writers_are_committed_together_and_all_acknowledged(log):
    committer = GroupCommitter(log)

    async def many():
        await asyncio.gather(*(committer.write([record(100 + i, BSN_A)]) for i in range(200)))

    run_async(many)
    committer.close()
    assert len(log.for_subject(BSN_A)) == 202
    assert log.verify() == []


def test_a_record_needs_the_fields_of_the_standard():
    with pytest.raises(ValueError, match="span_id"):
        Record("ab", "cd", "x", 0, 0)
    with pytest.raises(ValueError, match="go together"):
        Record("0" * 32, "0" * 16, "x", 0, 0, attributes={SUBJECT: BSN_A})


def test_periodic_checkpoints_cover_the_tail_when_the_node_signs_its_head(tmp_path):
    log = ProcessingLog(tmp_path / "log.sqlite", os.urandom(32), ec.generate_private_key(ec.SECP256R1()), 3600)
    for i in range(1, 5):
        log.append([record(i)])
    assert log._store.all("SELECT seq FROM checkpoints") == [(1,)]
    log.sign_head()
    assert log._store.all("SELECT seq FROM checkpoints") == [(1,), (4,)]
    tamper(log, "DELETE FROM records WHERE seq = 4")
    assert any("checkpoint 4 names a record that is gone" in p for p in log.verify())
    log.close()


# The seven attacks on the log's file (issue 20, item 9). The attacker has write access to the SQLite file
# and knows the chain's algorithm (plain SHA-256, no key), but not the node's signing key. Each attack is
# made on a closed log, and the log is opened again from its file, as the node does when it starts.

CHECKPOINTED = [2, 3, 5]  # the fixture's three commits, each signed (checkpoint_interval 0)


def chain(rows: list[tuple], previous: str = "0" * 64) -> list[tuple]:
    """The rows with their hashes recomputed, as anyone can: the chain has no key."""
    out = []
    for row in rows:
        previous = hashlib.sha256((previous + json.dumps(list(row[:10]), separators=(",", ":"))).encode()).hexdigest()
        out.append((*row[:11], previous))
    return out


def attack(log, *statements: str, rechain_from: int | None = None) -> str:
    """Close the log, change its file with plain SQL, recompute the chain from a record on if asked;
    returns the file's path."""
    log.close()
    db = sqlite3.connect(log.path)
    for statement in statements:
        db.execute(statement)
    if rechain_from is not None:
        rows = db.execute("SELECT * FROM records WHERE seq >= ? ORDER BY seq", (rechain_from,)).fetchall()
        before = db.execute("SELECT hash FROM records WHERE seq = ?", (rechain_from - 1,)).fetchone()
        for row in chain(rows, before[0] if before else "0" * 64):
            db.execute("UPDATE records SET hash = ? WHERE seq = ?", (row[11], row[0]))
    db.commit()
    db.close()
    return log.path


def reopened_problems(log, path, published: tuple[str, ...] = ()) -> list[str]:
    reopened = ProcessingLog(path, log._pseudonym_key, log._signing_key)
    try:
        return reopened.verify(published) if published else reopened.verify()
    finally:
        reopened._store.close()


@pytest.fixture
def file_log(tmp_path):
    log = ProcessingLog(tmp_path / "log.sqlite", os.urandom(32), ec.generate_private_key(ec.SECP256R1()))
    log.append([record(1, BSN_A), record(2, BSN_B)])
    log.append([record(3, BSN_A)])
    log.append([record(4), record(5, BSN_B)])
    assert log._store.all("SELECT seq FROM checkpoints") == [(s,) for s in CHECKPOINTED]
    return log


def test_attack_1_a_forged_record_appended_with_a_correct_chain_is_found(file_log):
    forged = (6, "f" * 32, "f" * 16, None, "inkomen opvragen", 1, 2, "Ok", "{}", "{}", None)
    last = sqlite3.connect(file_log.path).execute("SELECT hash FROM records WHERE seq = 5").fetchone()[0]
    (row,) = chain([forged], last)
    path = attack(file_log, f"INSERT INTO records VALUES {row!r}".replace("None", "NULL"))
    assert any("record 6" in p and "not covered" in p for p in reopened_problems(file_log, path))


def test_attack_2_an_edited_record_with_the_chain_recomputed_and_later_checkpoints_deleted_is_found(file_log):
    path = attack(
        file_log,
        "UPDATE records SET name = 'iets anders' WHERE seq = 4",
        "DELETE FROM checkpoints WHERE seq >= 4",
        rechain_from=4,
    )
    assert any("records 4-5" in p and "not covered" in p for p in reopened_problems(file_log, path))


def test_attack_3_a_deleted_record_with_the_rest_renumbered_and_rechained_is_found(file_log):
    path = attack(
        file_log,
        "DELETE FROM records WHERE seq = 3",
        "UPDATE records SET seq = seq - 1 WHERE seq > 3",
        "DELETE FROM checkpoints WHERE seq >= 3",
        rechain_from=3,
    )
    assert any("records 3-4" in p and "not covered" in p for p in reopened_problems(file_log, path))


def test_attack_4_a_tail_cut_with_its_checkpoints_contradicts_the_published_checkpoint(file_log):
    published = file_log.latest_checkpoint()  # held by a second party
    path = attack(file_log, "DELETE FROM records WHERE seq >= 4", "DELETE FROM checkpoints WHERE seq >= 4")
    problems = reopened_problems(file_log, path, (published,))
    assert any("published checkpoint 5" in p for p in problems), problems


def test_attack_5_an_edited_record_without_a_recomputed_chain_is_found(file_log):
    path = attack(file_log, "UPDATE records SET name = 'iets anders' WHERE seq = 2")
    assert any("record 2 was changed" in p for p in reopened_problems(file_log, path))


def test_attack_6_a_record_inserted_in_the_middle_with_the_chain_recomputed_is_found(file_log):
    path = attack(
        file_log,
        "UPDATE records SET seq = seq + 100 WHERE seq >= 3",
        "UPDATE records SET seq = seq - 99 WHERE seq >= 103",
        "INSERT INTO records SELECT 3, trace_id, span_id, parent_span_id, 'verzonnen', start_time, end_time, "
        "status, resource, attributes, subject, hash FROM records WHERE seq = 2",
        rechain_from=3,
    )
    assert any("differs from the signed checkpoint" in p for p in reopened_problems(file_log, path))


def test_attack_7_a_checkpoint_deleted_in_the_middle_is_found(file_log):
    path = attack(file_log, "DELETE FROM checkpoints WHERE seq = 3")
    problems = reopened_problems(file_log, path)
    assert any("checkpoint 5" in p and "previous checkpoint ends at record 2" in p for p in problems), problems


def test_a_published_checkpoint_must_be_signed_by_the_node(file_log):
    other_key = ec.generate_private_key(ec.SECP256R1())
    other = ProcessingLog(file_log.path.with_name("other.sqlite"), os.urandom(32), other_key)
    other.append([record(1)])
    assert any("not signed by this node" in p for p in file_log.verify((other.latest_checkpoint(),)))
    assert file_log.verify((file_log.latest_checkpoint(),)) == []
    other.close()
    file_log.close()


def test_a_log_that_does_not_verify_is_not_extended_and_says_why(file_log):
    path = attack(file_log, "DELETE FROM checkpoints WHERE seq = 3")
    reopened = ProcessingLog(path, file_log._pseudonym_key, file_log._signing_key)
    assert reopened.refusal and "checkpoint 5" in reopened.refusal
    with pytest.raises(LogWriteError, match="does not verify"):
        reopened.append([record(6)])
    reopened.close()
    assert sqlite3.connect(path).execute("SELECT MAX(seq) FROM records").fetchone() == (5,)


def test_a_forged_append_under_a_running_log_is_a_clear_write_error_and_no_constraint_message(file_log):
    forged = sqlite3.connect(file_log.path)
    forged.execute(
        "INSERT INTO records SELECT 6, trace_id, span_id, parent_span_id, name, start_time, end_time, status, "
        "resource, attributes, subject, hash FROM records WHERE seq = 5"
    )
    forged.commit()
    committer = GroupCommitter(file_log)
    for _ in range(2):  # refused on the next request too, not only the first
        with pytest.raises(LogWriteError) as refused:
            run_async(lambda: committer.write([record(7)]))
        assert "UNIQUE" not in str(refused.value) and "record 6" in str(refused.value), refused.value
    committer.close()
    file_log.close()  # and closing signs no checkpoint over the forgery
    assert sqlite3.connect(file_log.path).execute("SELECT MAX(seq) FROM checkpoints").fetchone() == (5,)


def test_a_crash_tail_within_the_bound_is_signed_on_opening_and_one_beyond_it_is_refused(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    log = ProcessingLog(tmp_path / "log.sqlite", os.urandom(32), key, checkpoint_interval=3600, checkpoint_records=3)
    for i in range(1, 4):
        log.append([record(i)])
    assert log._store.all("SELECT seq FROM checkpoints") == [(1,)]
    log._store.close()  # a crash: records 2 and 3 are not yet signed
    reopened = ProcessingLog(log.path, os.urandom(32), key, checkpoint_interval=3600, checkpoint_records=3)
    assert reopened.refusal is None and reopened.verify() == [] and reopened.crash_tail == (2, 3)
    assert reopened._store.all("SELECT seq FROM checkpoints") == [(1,), (3,)]
    now = int(time.time() * 1000)
    forged = Record("a" * 32, "a" * 16, "verzonnen", now + 7_200_000, now + 7_200_000)
    reopened.append([record(4)])
    reopened._store.close()
    db = sqlite3.connect(log.path)
    last = db.execute("SELECT hash FROM records WHERE seq = 4").fetchone()[0]
    times = (forged.start_time, forged.end_time)
    (row,) = chain([(5, forged.trace_id, forged.span_id, None, forged.name, *times, "Unset", "{}", "{}", None)], last)
    db.execute("INSERT INTO records VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", row)
    db.commit()
    again = ProcessingLog(log.path, os.urandom(32), key, checkpoint_interval=3600, checkpoint_records=3)
    assert again.refusal and "record 5" in again.refusal and "bound" in again.refusal
    again._store.close()


def test_a_tail_after_a_clean_close_is_refused_even_within_the_crash_bound(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    log = ProcessingLog(tmp_path / "log.sqlite", os.urandom(32), key, checkpoint_interval=3600)
    log.append([record(1)])
    log.append([record(2)])  # not signed by its commit: the interval has not passed
    log.close()  # signs record 2, as closed
    path = attack(log, "SELECT 1")
    db = sqlite3.connect(path)
    last = db.execute("SELECT * FROM records WHERE seq = 2").fetchone()
    (row,) = chain([(3, *last[1:11])], last[11])
    db.execute("INSERT INTO records VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", row)
    db.commit()
    reopened = ProcessingLog(path, os.urandom(32), key, checkpoint_interval=3600)
    assert reopened.refusal and "record 3" in reopened.refusal and "closed" in reopened.refusal
    reopened.close()


def test_checkpoints_of_an_older_log_without_a_range_continue_the_previous_one(file_log):
    import jwt

    db = sqlite3.connect(file_log.path)
    for seq, chain_hash, signed_at, _ in db.execute("SELECT * FROM checkpoints").fetchall():
        older = jwt.encode({"seq": seq, "hash": chain_hash, "signed_at": signed_at}, file_log._signing_key, "ES256")
        db.execute("UPDATE checkpoints SET signature = ? WHERE seq = ?", (older, seq))
    db.commit()
    file_log._store.close()  # as a node of the older version left it
    reopened = ProcessingLog(file_log.path, file_log._pseudonym_key, file_log._signing_key)
    assert reopened.refusal is None and reopened.verify() == []
    reopened.close()  # the closing checkpoint takes the place of the one at record 5, with its range
    again = ProcessingLog(file_log.path, file_log._pseudonym_key, file_log._signing_key)
    again.append([record(6)])
    assert again.verify() == []
    again.close()
