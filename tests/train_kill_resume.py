"""Kills `scorefield train` with SIGKILL at moments the test chooses (in and just after the writes
of checkpoints and model files, stopped there by the engine's fault-injection hook) and at random
moments, resumes each time, and checks that the final model equals an
uninterrupted run's bit for bit, that no model, checkpoint or log under its final name is ever
truncated, and that the log holds each step once. Then kills `datagen ns` and checks that no data
set appears under its final name until a run completes.
With RANKS > 1 training runs under MPIEXEC on that many ranks (`train --mpi`), and each kill
takes the whole session (mpirun and its ranks).
Usage: train_kill_resume.py CLI WORKDIR KILLS SEED [RANKS MPIEXEC]"""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

cli, work, kills_wanted, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
ranks = int(sys.argv[5]) if len(sys.argv) > 5 else 1
train = [cli, "train"] if ranks == 1 else [sys.argv[6], "--oversubscribe", "-np", str(ranks), cli, "train", "--mpi"]
rng = random.Random(seed)
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)


def run(*args):
    r = subprocess.run([cli, *args], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("failed: scorefield %s\n%s%s" % (" ".join(args), r.stdout, r.stderr))
    return r.stdout


data = os.path.join(work, "grf.h5")
run("datagen", "grf", "--resolution", "16", "--count", "64", "--seed", "1", "--out", data)


def config(folder):
    # A model large enough that writing it takes a few milliseconds (so that kills can land in a
    # write), trained for enough checkpoints that kills land between them too.
    os.makedirs(folder)
    path = os.path.join(folder, "run.toml")
    with open(path, "w") as f:
        f.write('[network]\nwidth = 32\nmodes = 6\nlayers = 3\nembed_dim = 16\n'
                '[training]\ndata = "%s"\noutput = "m.sfm"\nsteps = 240\nbatch_size = 4\n'
                'checkpoint_every = 4\nlog_every = 2\nseed = 7\nthreads = 1\n' % data)
    return path


def finals(folder):
    return [os.path.join(folder, n) for n in ("m.sfm", "m.sfm.ckpt")]


def check_complete(folder, when):
    """Every model or checkpoint under its final name is whole: `info` checks magic, CRC, weights."""
    for p in finals(folder):
        if os.path.exists(p):
            r = subprocess.run([cli, "info", "--model", p], capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit("%s: %s is damaged: %s" % (when, p, r.stderr.strip()))


def log_steps(folder):
    steps = []
    with open(os.path.join(folder, "m.sfm.log.jsonl")) as f:
        for number, line in enumerate(f, 1):
            try:
                entry = json.loads(line)
            except ValueError:
                sys.exit("log line %d of %s is not JSON (truncated?): %r" % (number, folder, line))
            if "step" in entry:
                steps.append(entry["step"])
    return steps


reference = os.path.join(work, "reference")
start = time.monotonic()
subprocess.run(train + ["--config", config(reference)], check=True, capture_output=True)
duration = time.monotonic() - start
print("uninterrupted run: %.1f s" % duration)

def session(leader):
    """(pid, state) of every process in the session that `leader` started (start_new_session):
    under mpirun the ranks have process groups of their own, but stay in its session."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == leader:
            found.append((int(pid), fields[0]))
    return found


def stopped(leader):
    """True when a process of the session is stopped (SIGSTOP, state T)."""
    return any(state == "T" for _, state in session(leader))


def kill_session(leader):
    """SIGKILL to every process of the session: mpirun and each of its ranks."""
    for pid, _ in session(leader):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# Each counted kill lands at a moment the test chooses: the engine stops itself (SIGSTOP) in, or
# just after, its N-th atomic write of this run (SCOREFIELD_FAULT_STOP_AT_WRITE, atomic_file.cpp),
# and the test kills it there, however fast or loaded the machine is. A write is a model file or a
# checkpoint (two per checkpoint of 4 steps), so an attempt stopped at N <= 10 advances the run by
# at most 20 of its 240 steps, and all counted kills land before it ends. After them, a few
# uncounted kills after a random time also hit the middle of training steps and of log lines;
# whether they land or not, every check below must hold.
killed = os.path.join(work, "killed")
cfg = config(killed)
kills = in_write = extra = 0
for attempt in range(kills_wanted + 30):
    args = train + ["--config", cfg] + (["--resume"] if os.path.exists(finals(killed)[1]) else [])
    counted = kills < kills_wanted
    env = dict(os.environ)
    if counted:
        moment = "in" if kills % 2 == 0 else "after"
        env["SCOREFIELD_FAULT_STOP_AT_WRITE"] = "%d:%s" % (rng.randint(1, 10), moment)
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, env=env)
    if counted:  # a generous bound that only a hang reaches: it stops within a few checkpoints
        deadline = time.monotonic() + 600
    elif extra < 4:  # an uncounted kill after a random time
        deadline = time.monotonic() + rng.uniform(0.05, duration / 3)
    else:  # the rest runs to the end
        deadline = None
    landed = False
    while proc.poll() is None and (deadline is None or time.monotonic() < deadline):
        if counted and stopped(proc.pid):
            landed = True
            break
        time.sleep(0.01)
    if proc.poll() is None and (landed or not counted):
        kill_session(proc.pid)  # with mpirun: every rank too
        proc.wait()
        if landed:
            kills += 1
            in_write += moment == "in"
        else:
            extra += 1
        check_complete(killed, "after kill %d" % (kills + extra))
        continue
    if proc.poll() is None:
        kill_session(proc.pid)
        sys.exit("attempt %d never reached the write it was to stop in" % attempt)
    if proc.returncode != 0:
        sys.exit("a resumed run failed: %s" % proc.stderr.read().decode())
    if kills < kills_wanted:
        sys.exit("training completed after %d of %d chosen kills" % (kills, kills_wanted))
    break
else:
    sys.exit("training never completed")
print("kills: %d at chosen writes (%d of them during the write), %d more at random times" % (kills, in_write, extra),
      flush=True)
check_complete(killed, "at the end")
with open(finals(reference)[0], "rb") as a, open(finals(killed)[0], "rb") as b:
    if a.read() != b.read():
        sys.exit("the resumed model differs from the uninterrupted one")
ref_steps, got_steps = log_steps(reference), log_steps(killed)
if got_steps != ref_steps:
    sys.exit("log steps differ: %s vs uninterrupted %s" % (got_steps, ref_steps))
print("final model identical to the uninterrupted run; log holds steps %s once each" % ref_steps[-1])

# datagen: nothing under the final name until a run completes.
folder = os.path.join(work, "ns")
os.makedirs(folder)
out = os.path.join(folder, "ns_32.h5")
datagen = ["datagen", "ns", "--resolution", "32", "--save", "16", "--trajectories", "2", "--snapshots", "2",
           "--spinup", "20", "--interval", "1", "--nu", "1e-3", "--seed", "3", "--out", folder]
# Killed in the middle of a solver run, then while writing its first data set (stopped there by
# the fault-injection hook), then after it wrote the first of its two data sets.
for stop in (None, "1:in", "1:after"):
    env = dict(os.environ)
    if stop:
        env["SCOREFIELD_FAULT_STOP_AT_WRITE"] = stop
    proc = subprocess.Popen([cli] + datagen, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                            start_new_session=True)
    if stop:
        while proc.poll() is None and not stopped(proc.pid):
            time.sleep(0.01)
        if proc.poll() is not None:
            sys.exit("datagen ended without stopping in its write (%s)" % stop)
    else:
        time.sleep(0.1)
    if proc.poll() is None:  # a very fast machine may finish the first case within 0.1 s: nothing to check then
        kill_session(proc.pid)
        proc.wait()
        if stop != "1:after" and os.path.exists(out):
            sys.exit("a killed datagen run left %s" % out)
    for name in os.listdir(folder):
        os.remove(os.path.join(folder, name))
run(*datagen)
if not os.path.exists(out):
    sys.exit("datagen wrote nothing")
print("killed datagen runs left no data set; a complete run wrote one")
print("all checks passed")
