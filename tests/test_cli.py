"""The `wirewatch` command explains itself: one-line errors, progress, summaries, the broker file, the banner."""

from __future__ import annotations

import asyncio
import re
import socket

import pytest
from typer.testing import CliRunner

from streams import cli
from streams.settings import Settings, get_settings

SAMPLE = cli.sample_bytes()


@pytest.fixture(autouse=True)
def env(monkeypatch, tmp_path):
    """Each test: no broker configured, a data dir of its own, fresh settings."""
    monkeypatch.delenv("WIREWATCH_BROKER", raising=False)
    monkeypatch.setenv("WIREWATCH_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


@pytest.fixture
def sent(monkeypatch):
    """Capture what `ingest` would send instead of talking to a broker."""
    out: dict = {"msgs": [], "bootstrap": None}

    async def fake_send(bootstrap, topic, msgs, progress):
        out["bootstrap"] = bootstrap
        for m in msgs:
            out["msgs"].append(m)
            progress.advance()
        return len(msgs)

    monkeypatch.setattr(cli, "send_messages", fake_send)
    return out


def invoke(*args: str, input: bytes | None = None):
    return CliRunner().invoke(cli.app, list(args), input=input)


def one_line_error(result, *needles: str) -> str:
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for n in needles:
        assert n in lines[0]
    return lines[0]


# ---------------------------------------------------------------------------------- errors


@pytest.mark.parametrize("command", ["ingest", "classify"])
def test_missing_file_is_one_line(command, tmp_path):
    one_line_error(invoke(command, str(tmp_path / "nope.txt")), "nope.txt", "no such file")


@pytest.mark.parametrize("command", ["ingest", "classify"])
def test_directory_is_one_line(command, tmp_path):
    one_line_error(invoke(command, str(tmp_path)), "is a directory")


@pytest.mark.parametrize("content", [b"", b"  \n\n", bytes(range(256)) * 4])
def test_classify_empty_or_binary_file_is_one_line(content, tmp_path):
    f = tmp_path / "x.bin"
    f.write_bytes(content)
    r = invoke("classify", str(f))
    assert r.exit_code == 1
    one_line_error(r, "x.bin")


def test_classify_still_classifies(tmp_path):
    f = tmp_path / "d.txt"
    f.write_bytes(SAMPLE)
    r = invoke("classify", str(f))
    assert r.exit_code == 0, r.stderr
    assert '"SY-DY"' in r.stdout


@pytest.mark.parametrize("command", ["ingest", "classify"])
def test_unknown_format_is_refused(command, tmp_path):
    f = tmp_path / "d.txt"
    f.write_bytes(SAMPLE)
    r = invoke(command, "--format", "bogus", str(f))
    assert r.exit_code == 2
    one_line_error(r, "bogus", "dispatch", "ninjs")


def test_ingest_checks_every_file_before_sending(sent, monkeypatch, tmp_path):
    monkeypatch.setenv("WIREWATCH_BROKER", "kafka://127.0.0.1:9")
    good = tmp_path / "d.txt"
    good.write_bytes(SAMPLE)
    r = invoke("ingest", str(good), str(tmp_path / "missing.txt"))
    one_line_error(r, "missing.txt")
    assert sent["msgs"] == []


def test_ingest_without_any_broker_says_how_to_get_one(tmp_path):
    f = tmp_path / "d.txt"
    f.write_bytes(SAMPLE)
    r = invoke("ingest", str(f))
    assert r.exit_code == 2
    one_line_error(r, "WIREWATCH_BROKER", "wirewatch run")


@pytest.mark.parametrize("content, reason", [(b"", "empty"), (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "cannot")])
def test_ingest_unreadable_file_is_sent_and_flagged(content, reason, sent, monkeypatch, tmp_path):
    monkeypatch.setenv("WIREWATCH_BROKER", "kafka://127.0.0.1:9")
    bad = tmp_path / "bad.dat"
    bad.write_bytes(content)
    good = tmp_path / "d.txt"
    good.write_bytes(SAMPLE)
    r = invoke("ingest", str(good), str(bad))
    assert r.exit_code == 1
    assert "Traceback" not in r.stderr
    assert re.search(r"bad\.dat: cannot be read here \(.*" + reason, r.stderr)
    assert "dead-letter" in r.stderr
    assert len(sent["msgs"]) == 2  # sent anyway: the pipeline dead-letters it with the reason
    assert "sent 2 message(s) from 2 file(s)" in r.stdout and "1 message(s) unreadable" in r.stdout


def test_ingest_format_option_sets_the_content_type(sent, monkeypatch, tmp_path):
    monkeypatch.setenv("WIREWATCH_BROKER", "kafka://127.0.0.1:9")
    f = tmp_path / "d.txt"
    f.write_bytes(SAMPLE)
    r = invoke("ingest", "--format", "dispatch", str(f))
    assert r.exit_code == 0, r.stderr
    [(key, value, headers)] = sent["msgs"]
    assert headers["content-type"] == b"text/plain" and value == SAMPLE


def test_ingest_many_files_shows_progress_and_a_summary(sent, monkeypatch, tmp_path):
    monkeypatch.setenv("WIREWATCH_BROKER", "kafka://127.0.0.1:9")
    monkeypatch.setattr(cli, "PROGRESS_EVERY", 0.0)
    files = []
    for i in range(30):
        f = tmp_path / f"j{i}.json"
        f.write_text(f'{{"guid": "g{i}", "headline": "Shelling in Idlib {i}", "body": "Two killed."}}')
        files.append(str(f))
    r = invoke("ingest", *files)
    assert r.exit_code == 0, r.stderr
    progress = [line for line in r.stderr.splitlines() if line.startswith("sending to wire.raw: ")]
    assert progress and progress[-1].endswith("30/30")  # plain lines off a terminal, no bar
    assert [line for line in r.stderr.splitlines() if line.startswith("reading files: ")][-1].endswith("30/30")
    assert "\x1b" not in r.stderr
    assert re.search(r"sent 30 message\(s\) from 30 file\(s\) to wire\.raw in [\d.]+ s: 30 item\(s\) read here", r.stdout)


def test_ingest_json_lines_go_one_message_per_line(sent, monkeypatch, tmp_path):
    monkeypatch.setenv("WIREWATCH_BROKER", "kafka://127.0.0.1:9")
    f = tmp_path / "items.jsonl"
    f.write_text("\n".join(f'{{"guid": "g{i}", "headline": "h{i}", "body": "b"}}' for i in range(500)) + "\n")
    r = invoke("ingest", str(f))
    assert r.exit_code == 0, r.stderr
    assert len(sent["msgs"]) == 500
    assert {h["content-type"] for _, _, h in sent["msgs"]} == {b"application/json"}
    assert "sent 500 message(s) from 1 file(s)" in r.stdout


def test_split_messages_keeps_single_documents_whole():
    doc = b'{\n  "guid": "g",\n  "headline": "h",\n  "body": "b"\n}\n'
    assert cli.split_messages(doc, None) == [doc]
    assert cli.split_messages(SAMPLE, None) == [SAMPLE]
    assert cli.split_messages(b'{"a": 1}\n{"a": 2}\n', "rss") == [b'{"a": 1}\n{"a": 2}\n']


# ------------------------------------------------------------------------- the broker file


@pytest.fixture
def listener():
    """A local TCP port that accepts connections (stands in for a running broker)."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    yield f"kafka://127.0.0.1:{srv.getsockname()[1]}"
    srv.close()


def test_commands_find_the_broker_run_recorded(sent, listener, tmp_path):
    settings = Settings().model_copy(update={"broker": listener})
    path = cli._record_broker(settings)
    assert path == tmp_path / "data" / "broker.url" and path.read_text().strip() == listener
    f = tmp_path / "d.txt"
    f.write_bytes(SAMPLE)
    r = invoke("ingest", str(f))
    assert r.exit_code == 0, r.stderr
    assert sent["bootstrap"] == listener.split("://")[1]


def test_environment_wins_over_the_broker_file(sent, listener, monkeypatch, tmp_path):
    cli._record_broker(Settings().model_copy(update={"broker": listener}))
    monkeypatch.setenv("WIREWATCH_BROKER", "kafka://10.0.0.1:9092")
    get_settings.cache_clear()
    assert cli.broker_settings().broker == "kafka://10.0.0.1:9092"


def test_stale_broker_file_is_one_line(tmp_path):
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    dead = f"kafka://127.0.0.1:{srv.getsockname()[1]}"
    srv.close()  # nothing listens there any more
    cli._record_broker(Settings().model_copy(update={"broker": dead}))
    for command in (["topics"], ["tail", "wire.raw"]):
        r = invoke(*command)
        assert r.exit_code == 2
        one_line_error(r, "broker.url", "does not answer")


def test_forget_removes_only_our_own_address(listener):
    settings = Settings().model_copy(update={"broker": listener})
    path = cli._record_broker(settings)
    cli._forget_broker(path, "kafka://127.0.0.1:1")  # another run wrote its own since
    assert path.exists()
    cli._forget_broker(path, listener)
    assert not path.exists()
    cli._forget_broker(path, listener)  # already gone: fine


# ------------------------------------------------------------------------------- the banner


def test_run_banner_plain_when_not_a_terminal(capsys, monkeypatch):
    settings = Settings().model_copy(update={"broker": "kafka://127.0.0.1:40123", "web_port": 6066})
    lines = cli.run_banner(settings, embedded=True, recorded=settings.data_dir / "broker.url", cmd=".venv/bin/wirewatch")
    cli.print_banner(lines)
    out = capsys.readouterr().out
    assert "\x1b" not in out
    text = out.splitlines()
    assert text[0] == "wirewatch is running (Ctrl-C stops everything)"
    assert len(text) == len(lines)  # one printed line per banner line: nothing wrapped at 80 columns
    assert any(len(line) > 80 for line in text)
    assert "in memory" in out and "local Apache Kafka broker (see Brokers" in out
    assert "broker.url" in out and "WIREWATCH_BROKER=" not in out
    assert "http://127.0.0.1:6066/" in out


def test_run_banner_for_the_local_kafka_broker_says_data_is_kept():
    settings = Settings().model_copy(update={"broker": "kafka://127.0.0.1:40123"})
    text = "\n".join(t for _, t in cli.run_banner(settings, embedded=True, recorded=None, cmd="wirewatch", kind="kafka"))
    assert "in memory" not in text and "data kept" in text


def test_run_banner_with_an_external_broker_does_not_claim_memory():
    settings = Settings().model_copy(update={"broker": "kafka://kafka:9092"})
    text = "\n".join(t for _, t in cli.run_banner(settings, embedded=False, recorded=None, cmd="wirewatch"))
    assert "in memory" not in text and "kafka://kafka:9092" in text


# ------------------------------------------------------------------------------------ tail


def test_tail_stops_when_the_broker_goes_away(monkeypatch, listener):
    monkeypatch.setenv("WIREWATCH_BROKER", listener)
    get_settings.cache_clear()

    async def forever(*args, **kwargs):
        await asyncio.Event().wait()
        yield  # pragma: no cover

    import streams.client

    monkeypatch.setattr(streams.client, "consume", forever)
    monkeypatch.setattr(cli, "BROKER_CHECK_EVERY", 0.05)
    monkeypatch.setattr(cli, "BROKER_GONE_AFTER", 0.2)
    monkeypatch.setattr(cli, "_reachable", lambda url, timeout=1.0: False)
    r = invoke("tail", "wire.raw")
    assert r.exit_code == 1
    one_line_error(r, "went away", listener)


def test_tail_unknown_topic(listener, monkeypatch):
    monkeypatch.setenv("WIREWATCH_BROKER", listener)
    one_line_error(invoke("tail", "wire.nope"), "unknown topic", "wire.raw")


# --------------------------------------------------------------------------------- regions


class _Resp:
    def __init__(self, doc):
        import json

        self.body = json.dumps(doc).encode()

    def read(self, *a):
        return self.body

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_regions_empty_answer_prints_the_note(monkeypatch):
    note = "no stories for SY-DY in the 7d window 2026-11-25 .. 2026-12-02, which ends after the watermark ...; ask ?at=2019-02-10T09:00:00+00:00"
    doc = {"region": "SY-DY", "name": "Dayr az Zawr", "window": "7d", "at": "2026-12-01T11:00:00+00:00", "labels": {}, "note": note,
           "suggest_at": "2019-02-10T09:00:00+00:00"}
    seen = []
    monkeypatch.setattr(cli.urllib.request, "urlopen", lambda url, timeout: seen.append(url) or _Resp(doc))
    r = invoke("regions", "SY-DY", "--window", "7d", "--url", "http://w:1")
    assert r.exit_code == 0, r.stderr
    assert seen == ["http://w:1/regions/SY-DY?window=7d"]
    assert note in " ".join(r.stdout.split())
    assert "(here: --at 2019-02-10T09:00:00+00:00)" in " ".join(r.stdout.split())


def test_regions_unreachable_worker_is_one_line():
    r = invoke("regions", "--url", "http://127.0.0.1:9")
    one_line_error(r, "cannot reach the worker at http://127.0.0.1:9")
