import asyncio
import os

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from tests.node.conftest import run_async
from thorbecke.node.processing_log import (
    ACTIVITY,
    SUBJECT,
    SUBJECT_TYPE,
    GroupCommitter,
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
