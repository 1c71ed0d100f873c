"""The synthesis stage as N tasks (phi1lib.synth.shards): the one-process datasets byte for byte, each task
resumable alone, datatrove's executor, the teacher's cache shared by tasks, and bad task ids refused."""

import sys
from pathlib import Path

import pytest

from phi1lib.core.config import load_config
from phi1lib.synth import shards
from phi1lib.synth.synthesize import Synthesizer, check_task, synthesize
from phi1lib.teacher.offline import OfflineTeacher

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: fake_openai_server
import fake_openai_server
from fake_openai_server import FakeOpenAIServer
from test_synthesize import SMALL, CountingTeacher, dataset_view

NOT_OUTPUTS = ("work", "datatrove", "teacher_cache")


def sharded_cfg(tasks=3, **extra):
    return load_config("smoke", {**SMALL, "synth.tasks": tasks, **extra})


def saved_files(out: Path) -> dict[str, bytes]:
    """Every file the stage hands on (datasets, held-out benchmark), by path: what must be identical."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.relative_to(out).parts[0] not in NOT_OUTPUTS}


def chunk_times(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (out / "work").glob("*.jsonl")}


@pytest.fixture(scope="module")
def one_process(tmp_path_factory):
    """The reference: the whole stage in one process (tasks = 1), chunks sized as it goes."""
    out = tmp_path_factory.mktemp("one")
    result = synthesize(load_config("smoke", SMALL), out, chunk_size=16, workers=1)
    return out, result


def test_check_task_refuses_what_is_not_a_task():
    check_task(0, 1)
    check_task(2, 3)
    for task_id, n_tasks, message in [(0, 0, "n_tasks must be at least 1, not 0"),
                                      (3, 3, r"task_id must be in 0\.\.2 \(n_tasks = 3\), not 3"),
                                      (-1, 3, "not -1")]:
        with pytest.raises(ValueError, match=message):
            check_task(task_id, n_tasks)
    for task_id, n_tasks, message in [("1", 3, "task_id must be an int"), (0, True, "n_tasks must be an int")]:
        with pytest.raises(TypeError, match=message):
            check_task(task_id, n_tasks)


def test_bad_task_ids_fail_before_any_work(tmp_path):
    teacher = CountingTeacher(OfflineTeacher())
    with pytest.raises(ValueError, match="task_id must be in 0..2"):
        shards.run_task(sharded_cfg(), tmp_path / "a", 3, teacher=teacher)
    with pytest.raises(ValueError, match="n_tasks must be at least 1"):
        Synthesizer(sharded_cfg(), tmp_path / "b", teacher).run_task(0, 0)
    with pytest.raises(ValueError, match="n_tasks must be at least 1"):
        shards.local_executor(sharded_cfg(tasks=0), tmp_path / "c")
    with pytest.raises(ValueError, match="task_workers must be at least 1"):
        shards.local_executor(sharded_cfg(), tmp_path / "c", task_workers=0)
    assert teacher.calls == 0 and not (tmp_path / "a").exists()


def test_three_tasks_then_merge_give_the_one_process_datasets_byte_for_byte(one_process, tmp_path):
    ref_out, ref = one_process
    cfg = sharded_cfg()
    reports = [shards.run_task(cfg, tmp_path, i, chunk_size=4, workers=1) for i in range(3)]
    synth = Synthesizer(cfg, tmp_path, chunk_size=4, workers=1)
    grid = {plan.name: synth.grid(plan) for plan in synth.plans()}
    n_chunks = sum(len(g) for g in grid.values())
    # each task wrote its round-robin share of every stream, and nothing twice
    assert [r["done"] for r in reports] == [sum(len(g[i::3]) for g in grid.values()) for i in range(3)]
    assert sum(r["done"] for r in reports) == n_chunks == len(chunk_times(tmp_path))
    result = synth.merge()
    assert synth.merged["done here"] == 0 and synth.merged["loaded"] > 0
    assert dataset_view(result) == dataset_view(ref)
    assert [row["requested"] for row in result.funnel] == [row["requested"] for row in ref.funnel]
    shards.merge(cfg, tmp_path, chunk_size=4, workers=1)
    assert saved_files(tmp_path) == saved_files(ref_out)
    assert len(chunk_times(tmp_path)) == n_chunks  # the merge removed none of the tasks' chunks


def test_a_failed_task_rerun_alone_does_only_its_unfinished_chunks(one_process, tmp_path):
    ref_out, _ = one_process
    cfg = sharded_cfg()
    shards.run_task(cfg, tmp_path, 0, chunk_size=4, workers=1)
    shards.run_task(cfg, tmp_path, 2, chunk_size=4, workers=1)
    dying = CountingTeacher(OfflineTeacher(), fail_after=2)  # task 1 dies after two of its chunks
    with pytest.raises(KeyboardInterrupt):
        shards.run_task(cfg, tmp_path, 1, teacher=dying, chunk_size=4, workers=1)
    before = chunk_times(tmp_path)
    synth = Synthesizer(cfg, tmp_path, chunk_size=4, workers=1)
    owned = sum(len(synth.grid(plan)[1::3]) for plan in synth.plans())
    assert owned > 3

    rerun = CountingTeacher(OfflineTeacher())
    report = shards.run_task(cfg, tmp_path, 1, teacher=rerun, chunk_size=4, workers=1)
    assert report == {"done": owned - 2, "loaded": 2, "failed": 0}
    assert rerun.calls == owned - 2 and not set(rerun.keys) & set(dying.keys)
    after = chunk_times(tmp_path)
    assert {name: after[name] for name in before} == before  # no other chunk was touched
    idle = CountingTeacher(OfflineTeacher())  # a finished task rerun asks nothing
    assert shards.run_task(cfg, tmp_path, 0, teacher=idle, chunk_size=4, workers=1)["done"] == 0
    assert idle.calls == 0
    shards.merge(cfg, tmp_path, chunk_size=4, workers=1)
    assert saved_files(tmp_path) == saved_files(ref_out)


def test_a_budget_that_falls_short_is_made_up_by_the_merge(one_process, tmp_path):
    ref_out, _ = one_process
    cfg = sharded_cfg(**{"synth.request_budget": 0.5})
    for i in range(3):
        shards.run_task(cfg, tmp_path, i, chunk_size=4, workers=1)
    synth = Synthesizer(cfg, tmp_path, chunk_size=4, workers=1)
    synth.merge()
    assert synth.merged["done here"] > 0 and synth.merged["loaded"] > 0
    shards.merge(cfg, tmp_path, chunk_size=4, workers=1)
    assert saved_files(tmp_path) == saved_files(ref_out)


def test_run_with_tasks_set_is_the_merge_and_does_missing_chunks_itself(one_process, tmp_path):
    """`synthesize` (the notebook's path) with synth.tasks > 1 and no task run: the merge alone."""
    ref_out, _ = one_process
    shards.run_task(sharded_cfg(), tmp_path, 1, chunk_size=4, workers=1)
    synthesize(sharded_cfg(), tmp_path, chunk_size=4, workers=1)
    assert saved_files(tmp_path) == saved_files(ref_out)


class Factory:
    """Teachers for datatrove's tasks (made in the task), counting what every one of them asked."""

    def __init__(self, fail_after_calls=None):
        self.teachers, self.fail_after_calls = [], fail_after_calls

    def __deepcopy__(self, memo):  # the executor copies its pipeline per task; the count is shared
        return self

    def __call__(self):
        calls = sum(t.calls for t in self.teachers)
        left = None if self.fail_after_calls is None else max(0, self.fail_after_calls - calls)
        self.teachers.append(CountingTeacher(OfflineTeacher(), fail_after=left))
        return self.teachers[-1]

    @property
    def calls(self):
        return sum(t.calls for t in self.teachers)


def test_datatrove_executor_reruns_only_the_unfinished_tasks_and_chunks(one_process, tmp_path):
    ref_out, _ = one_process
    cfg = sharded_cfg()
    synth = Synthesizer(cfg, tmp_path, chunk_size=4, workers=1)
    per_task = [sum(len(synth.grid(plan)[i::3]) for plan in synth.plans()) for i in range(3)]
    dying = Factory(fail_after_calls=per_task[0] + 1)  # task 0 ends, task 1 dies after one chunk
    with pytest.raises(KeyboardInterrupt):
        shards.local_executor(cfg, tmp_path, task_workers=1, teacher_factory=dying, chunk_size=4).run()
    assert len(dying.teachers) == 2 and len(chunk_times(tmp_path)) == per_task[0] + 1
    before = chunk_times(tmp_path)
    again = Factory()
    shards.local_executor(cfg, tmp_path, task_workers=1, teacher_factory=again, chunk_size=4).run()
    assert len(again.teachers) == 2  # datatrove skipped task 0, completed the first time
    assert again.calls == per_task[1] - 1 + per_task[2]
    after = chunk_times(tmp_path)
    assert {name: after[name] for name in before} == before
    shards.merge(cfg, tmp_path, chunk_size=4, workers=1)
    assert saved_files(tmp_path) == saved_files(ref_out)
    stats = next((tmp_path / "datatrove").glob("*-3tasks")) / "stats.json"
    assert "chunks done" in stats.read_text()


def test_local_workers_in_processes_and_the_command_line(one_process, tmp_path):
    """Two tasks at once in worker processes (the executor's pool), then the CLI's task and merge."""
    ref_out, _ = one_process
    cfg = sharded_cfg(**{"synth.task_workers": 2, "synth.chunk_size": 4})
    shards.run_local(cfg, tmp_path / "pool", workers=1)
    assert saved_files(tmp_path / "pool") == saved_files(ref_out)
    sets = [f"{k}={v}" for k, v in SMALL.items()] + ["synth.tasks=2", "synth.chunk_size=8"]
    args = ["--profile", "smoke", "--out", str(tmp_path / "cli")] + [a for s in sets for a in ("--set", s)]
    for i in range(2):
        shards.main(args + ["--task-id", str(i)])
    shards.main(args + ["--merge"])
    assert saved_files(tmp_path / "cli") == saved_files(ref_out)


def test_tasks_with_an_openai_teacher_share_its_cache_and_pay_once(one_process, tmp_path, monkeypatch):
    """Three tasks, each with its own OpenAITeacher (its own cache object and shard, as in its own
    process) on one cache folder, then a merge with a fresh one: the server answers every prompt once,
    the merge sends nothing, and the data are the offline run's."""
    _, offline = one_process
    cfg = sharded_cfg()
    synth = Synthesizer(cfg, tmp_path / "plan", OfflineTeacher(), chunk_size=4)
    oracle = OfflineTeacher()
    answers = {}
    for plan in synth.plans():
        for req in synth._requests(plan, 0, synth.limit(plan)):
            answers[req.prompt, req.seed] = oracle.answer(req)
    monkeypatch.setattr(fake_openai_server, "fake_answer",
                        lambda prompt, seed, max_tokens=None: (answers[prompt, seed], "stop"))
    from phi1lib.teacher.openai_client import OpenAITeacher

    with FakeOpenAIServer() as server:
        ocfg = sharded_cfg(**{"teacher.kind": "openai", "teacher.base_url": server.base_url,
                              "teacher.model": "fake", "teacher.concurrency": 4})
        out = tmp_path / "out"
        teachers = [OpenAITeacher(ocfg.teacher, out / "teacher_cache", fsync=False) for _ in range(4)]
        for i in range(3):  # all opened before any answer: only a refresh lets them see each other's
            shards.run_task(ocfg, out, i, teacher=teachers[i], chunk_size=4, workers=1)
        # task 1 again, its chunks gone: the answers are on disk, in its own and the others' shards
        for path in (out / "work").glob("*.jsonl"):
            path.unlink()
        n_answered = len([e for e in server.log if e["answered"]])
        shards.run_task(ocfg, out, 1, teacher=teachers[3], chunk_size=4, workers=1)
        assert len([e for e in server.log if e["answered"]]) == n_answered
        result = shards.merge(ocfg, out, OpenAITeacher(ocfg.teacher, out / "teacher_cache", fsync=False),
                              chunk_size=4, workers=1)
        answered = [(e["prompt"], e["seed"]) for e in server.log if e["answered"]]
        for teacher in teachers:
            teacher.close()
    assert len(answered) == n_answered == len(set(answered))
    assert result.teacher_summary["answered"] == 0 and result.teacher_summary["cached"] > 0
    strip = [{k: v for k, v in row.items() if k != "model"} for row in result.exercises]
    assert strip == [{k: v for k, v in row.items() if k != "model"} for row in offline.exercises]
    assert result.heldout == offline.heldout


def test_config_key_names_the_requests_not_how_many_run_at_once():
    key = shards.config_key(sharded_cfg())
    assert key == shards.config_key(sharded_cfg(**{"synth.task_workers": 4}))
    assert key != shards.config_key(sharded_cfg(**{"synth.seed": 2}))
    assert key != shards.config_key(sharded_cfg(), chunk_size=4)
    assert key != shards.config_key(sharded_cfg(**{"teacher.temperature": 0.5}))


class FailsOnce(CountingTeacher):
    """The first chunk it is asked for comes back with one request failed for good (as OpenAITeacher
    returns a request whose retries ran out)."""

    def generate(self, requests):
        import dataclasses

        out = super().generate(requests)
        if self.calls == 1:
            out[0] = dataclasses.replace(out[0], text="", error="http_500 after 4 attempt(s)")
        return out


def test_a_task_whose_requests_failed_for_good_raises_after_its_other_chunks(tmp_path):
    cfg = sharded_cfg()
    teacher = FailsOnce(OfflineTeacher())
    with pytest.raises(RuntimeError, match="task 1 of 3: 1 chunk"):
        shards.run_task(cfg, tmp_path, 1, teacher=teacher, chunk_size=4, workers=1)
    rerun = CountingTeacher(OfflineTeacher())
    report = shards.run_task(cfg, tmp_path, 1, teacher=rerun, chunk_size=4, workers=1)
    assert rerun.calls == 1 and report["done"] == 1 and report["loaded"] == teacher.calls - 1
