"""One open attempt, one process: the lease on an attempt, held by another process for real."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from quizkit.history.lease import Lease, LeaseHeldError, lock_folder

HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from quizkit.history.lease import Lease
    lease = Lease.take(Path(sys.argv[1]), 7)
    print("HELD", flush=True)
    time.sleep(600)
""")


def test_a_second_taker_in_the_same_process_is_refused_until_release(tmp_path: Path) -> None:
    database = tmp_path / "history.sqlite3"
    lease = Lease.take(database, 1)
    assert lease is not None and lease.held
    with pytest.raises(LeaseHeldError, match="open in another quizkit window"):
        Lease.take(database, 1)
    other = Lease.take(database, 2)                       # another attempt is free
    assert other is not None
    lease.release()
    lease.release()                                       # idempotent
    again = Lease.take(database, 1)
    assert again is not None
    again.release()
    other.release()
    assert list(lock_folder(database).iterdir()) == []    # no lock files left behind


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_holder_does_not_hold_the_attempt_for_ever(tmp_path: Path) -> None:
    database = tmp_path / "history.sqlite3"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(database)], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "HELD"
        with pytest.raises(LeaseHeldError):
            Lease.take(database, 7)
    finally:
        holder.kill()
        holder.wait()
    lease = Lease.take(database, 7)                       # the OS dropped the dead process's lock
    assert lease is not None
    lease.release()


def test_no_lock_file_can_be_made_in_a_folder_that_is_not_one(tmp_path: Path) -> None:
    lock_folder(tmp_path / "history.sqlite3").write_text("a file where the folder would be")
    assert Lease.take(tmp_path / "history.sqlite3", 1) is None
