"""Kills `scorefield train` with SIGKILL at random moments, some of them while a checkpoint or
the model file is being written, resumes each time, and checks that the final model equals an
uninterrupted run's bit for bit, that no model, checkpoint or log under its final name is ever
truncated, and that the log holds each step once. Then kills `datagen ns` and checks that no data
set appears under its final name until a run completes.
With RANKS > 1 training runs under MPIEXEC on that many ranks (`train --mpi`), and each kill
takes the whole process group (mpirun and its ranks).
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

killed = os.path.join(work, "killed")
cfg = config(killed)
kills = in_write = 0
for attempt in range(4 * kills_wanted + 20):
    args = train + ["--config", cfg] + (["--resume"] if os.path.exists(finals(killed)[1]) else [])
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    # Every other attempt waits for a temporary output file (a write in progress) and kills then;
    # the others kill after a random time.
    aim_at_write = kills < kills_wanted and attempt % 2 == 0
    deadline = time.monotonic() + (2 * duration if aim_at_write else rng.uniform(0.05, duration / 3))
    hit_write = False
    while proc.poll() is None and time.monotonic() < deadline:
        if aim_at_write and any(n.startswith(".m.sfm") and ".tmp" in n for n in os.listdir(killed)):
            hit_write = True
            break
        time.sleep(0 if aim_at_write else 0.01)
    if proc.poll() is None and kills < kills_wanted:
        os.killpg(proc.pid, signal.SIGKILL)  # with mpirun: every rank too
        proc.wait()
        kills += 1
        in_write += hit_write
        check_complete(killed, "after kill %d" % kills)
        continue
    proc.wait()
    if proc.returncode != 0:
        sys.exit("a resumed run failed: %s" % proc.stderr.read().decode())
    break
else:
    sys.exit("training never completed")
print("kills: %d, %d of them while an output was being written" % (kills, in_write), flush=True)
if kills < kills_wanted or in_write < 1:
    sys.exit("too few kills landed (%d, %d in a write): the run is too short for this machine" % (kills, in_write))
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
           "--spinup", "20", "--interval", "1", "--seed", "3", "--out", folder]
for k in range(3):
    proc = subprocess.Popen([cli] + datagen, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0.1, 1.0))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    if os.path.exists(out):
        sys.exit("a killed datagen run left %s" % out)
run(*datagen)
if not os.path.exists(out):
    sys.exit("datagen wrote nothing")
print("killed datagen runs left no data set; a complete run wrote one")
print("all checks passed")
