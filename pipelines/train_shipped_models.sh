#!/usr/bin/env bash
# Makes the data sets and trains the models shipped in data/models/ (see data/README.md for the
# measured cost on 2 cores). Usage:
#   pipelines/train_shipped_models.sh [MODEL ...]
# MODEL: ns-superres (stage 1, into out/models), ns-superres-finetune (stage 2, into out/models),
# ns-superres-more-data (stage 3 on 36 trajectories, into out/models), ns-superres-108-trajectories
# (stage 4 on 108 trajectories, into out/models), ns-superres-symmetries (stage 5, the same data
# with the flow's symmetries, into out/models), ns-superres-sigma-max (stage 6, noise levels up
# to sigma_max = 160, into out/models), ns-superres-rate-3e-4 (stage 7, into out/models),
# ns-superres-rate-2e-4 (stage 8, the shipped 64^2 model), ns-superres-multires (a trial, into
# out/models: fine grids 64, 128 and 256 from 24 trajectories solved at 256^2, starting from
# stage 8; not in the default list), ns-superres-spectral-prior (the shipped multi-resolution model
# data/models/ns-superres.sfm: the same grids and data with network.spectral_prior and
# network.gated_trunk, stage 1 from stage 8 and stage 2 on the developing flow (t = 10 .. 19.5)
# into out/models, then stage 3 on the statistically steady one, t = 25 .. 34.5), ns-observations (stage 1, into out/models),
# ns-observations-more-data (stage 2 on 36 trajectories, into out/models),
# ns-observations-108-trajectories (stage 3 on 108 trajectories, into out/models),
# ns-observations-sigma-max (stage 4, sigma_max = 80, the shipped model), ns-unconditional,
# grf-mixture (stage 1, into out/models), grf-mixture-more-data (stage 2 on 8192 fields, the shipped
# model), fashion-mnist (default: all, in this order).
# Data go to out/ (not shipped; the commands below remake them bit for bit), models to data/models/.
set -euo pipefail
source "$(dirname "$0")/pipeline_env.sh"
cd "$root"
models=("$@")
[ ${#models[@]} -gt 0 ] ||
  models=(ns-superres ns-superres-finetune ns-superres-more-data ns-superres-108-trajectories ns-superres-symmetries
    ns-superres-sigma-max ns-superres-rate-3e-4 ns-superres-rate-2e-4 ns-superres-spectral-prior ns-observations ns-observations-more-data
    ns-observations-108-trajectories ns-observations-sigma-max ns-unconditional grf-mixture grf-mixture-more-data
    fashion-mnist)
mkdir -p data/models out/models

ns_data() {
  [ -f out/ns-data/train/ns_64.h5 ] && return
  echo "== Navier-Stokes training data: 12 trajectories x 40 snapshots, nu = 1e-4, solved at 128^2"
  mkdir -p out/ns-data/train
  "$cli" datagen ns --resolution 128 --save 64,32,16,8 --trajectories 12 --snapshots 40 --spinup 10 \
    --interval 0.5 --nu 0.0001 --threads 2 --seed 2000 --out out/ns-data/train
}

# extend_ns_data SET BASE EXTRA COUNT SEED: out/ns-data/SET is BASE's fields followed by those of
# COUNT further trajectories (seeds SEED ...) made into out/ns-data/EXTRA with the train set's command.
extend_ns_data() {
  local set=$1 base=$2 extra=$3 count=$4 seed=$5
  [ -f "out/ns-data/$set/ns_64.h5" ] && return
  if [ ! -f "out/ns-data/$extra/ns_64.h5" ]; then
    echo "== Navier-Stokes training data: $count more trajectories x 40 snapshots, seeds $seed-$((seed + count - 1))"
    mkdir -p "out/ns-data/$extra"
    "$cli" datagen ns --resolution 128 --save 64,32,16,8 --trajectories "$count" --snapshots 40 --spinup 10 \
      --interval 0.5 --nu 0.0001 --threads 2 --seed "$seed" --out "out/ns-data/$extra"
  fi
  mkdir -p "out/ns-data/$set"
  /usr/bin/python3 pipelines/concat_fields.py "out/ns-data/$set/ns_64.h5" "out/ns-data/$base/ns_64.h5" \
    "out/ns-data/$extra/ns_64.h5"
}

ns_data_36() {  # the train set's 12 trajectories and 24 more (seeds 3000-3023)
  ns_data
  extend_ns_data train-36 train train-extra 24 3000
}

ns_data_108() {  # the 36-trajectory set and 72 more (seeds 4000-4071)
  ns_data_36
  extend_ns_data train-108 train-36 train-more 72 4000
}

# 24 trajectories solved at 256^2 in two halves of 12 (seeds BASE..BASE+11 and BASE+12..BASE+23),
# restricted to 128, 64, 32 and 16, concatenated into out/ns-data/NAME/ns_256.h5.
ns_data_256_set() {  # NAME BASE_SEED SPINUP
  local name=$1 base=$2 spinup=$3 part seed
  [ -f "out/ns-data/$name/ns_256.h5" ] && return
  for part in a:$base b:$((base + 12)); do
    seed=${part##*:}
    part=${part%%:*}
    [ -f "out/ns-data/$name-$part/ns_256.h5" ] && continue
    echo "== Navier-Stokes training data at 256^2: 12 trajectories x 20 snapshots, seeds $seed-$((seed + 11)), spin-up $spinup"
    mkdir -p "out/ns-data/$name-$part"
    # A fixed time step: the automatic one (CFL 0.25 at the initial speed) let the speed grow
    # past stability in one of 36 trajectories at 256^2.
    "$cli" datagen ns --resolution 256 --save 128,64,32,16 --trajectories 12 --snapshots 20 --spinup "$spinup" \
      --interval 0.5 --dt 0.0005 --nu 0.0001 --threads 1 --seed "$seed" --out "out/ns-data/$name-$part" &
  done
  wait
  mkdir -p "out/ns-data/$name"
  /usr/bin/python3 pipelines/concat_fields.py "out/ns-data/$name/ns_256.h5" "out/ns-data/$name-a/ns_256.h5" \
    "out/ns-data/$name-b/ns_256.h5"
}

ns_data_256() {  # t = 10 .. 19.5 (seeds 5000-5023): the developing flow, stages 1 and 2
  ns_data_256_set train-256 5000 10
}

ns_data_256_steady() {  # t = 25 .. 34.5 (the same seeds): the statistically steady regime, stage 3
  ns_data_256_set train-256s 5000 25
}

for m in "${models[@]}"; do
  case "$m" in
    ns-superres-multires) ns_data_256 ;;
    ns-superres-spectral-prior)
      ns_data_256
      ns_data_256_steady
      ;;
    ns-superres | ns-observations | ns-unconditional) ns_data ;;
    ns-superres-finetune) [ -f out/models/ns-superres-64-stage1.sfm ] || "$0" ns-superres ;;
    ns-superres-more-data)
      [ -f out/models/ns-superres-64-stage2.sfm ] || "$0" ns-superres-finetune
      ns_data_36
      ;;
    ns-superres-108-trajectories)
      [ -f out/models/ns-superres-64-stage3.sfm ] || "$0" ns-superres-more-data
      ns_data_108
      ;;
    ns-superres-symmetries)
      [ -f out/models/ns-superres-64-stage4.sfm ] || "$0" ns-superres-108-trajectories
      ns_data_108
      ;;
    ns-superres-sigma-max)
      [ -f out/models/ns-superres-64-stage5.sfm ] || "$0" ns-superres-symmetries
      ns_data_108
      ;;
    ns-superres-rate-3e-4)
      [ -f out/models/ns-superres-64-stage6.sfm ] || "$0" ns-superres-sigma-max
      ns_data_108
      ;;
    ns-superres-rate-2e-4)
      [ -f out/models/ns-superres-64-stage7.sfm ] || "$0" ns-superres-rate-3e-4
      ns_data_108
      ;;
    ns-observations-more-data)
      [ -f out/models/ns-observations-64-stage1.sfm ] || "$0" ns-observations
      ns_data_36
      ;;
    ns-observations-108-trajectories)
      [ -f out/models/ns-observations-64-stage2.sfm ] || "$0" ns-observations-more-data
      ns_data_108
      ;;
    ns-observations-sigma-max)
      [ -f out/models/ns-observations-64-stage3.sfm ] || "$0" ns-observations-108-trajectories
      ns_data_108
      ;;
    grf-mixture)
      mkdir -p out/mixture-data
      [ -f out/mixture-data/train.h5 ] ||
        "$cli" datagen grf-mixture --resolution 32 --count 1024 --seed 0 --out out/mixture-data/train.h5
      ;;
    grf-mixture-more-data)
      [ -f out/models/grf-mixture-32-stage1.sfm ] || "$0" grf-mixture
      mkdir -p out/mixture-data
      [ -f out/mixture-data/train-8192.h5 ] ||
        "$cli" datagen grf-mixture --resolution 32 --count 8192 --seed 20 --out out/mixture-data/train-8192.h5
      ;;
    fashion-mnist)
      mkdir -p out/fashion-mnist-data
      [ -f out/fashion-mnist-data/train32.h5 ] ||
        "$cli" datagen fashion-mnist --split train --resolution 32 --count 12000 --out out/fashion-mnist-data/train32.h5
      ;;
    *) echo "unknown model '$m'" >&2; exit 2 ;;
  esac
  echo "== train $m (data/configs/$m.toml)"
  # SCOREFIELD_THREADS overrides training.threads (e.g. 1 while other jobs share the cores).
  "$cli" train --config "data/configs/$m.toml" ${SCOREFIELD_THREADS:+--threads "$SCOREFIELD_THREADS"}
  if [ "$m" = ns-superres-spectral-prior ]; then
    cp out/models/ns-superres-stage1.sfm.log.jsonl data/models/ns-superres.stage1.log.jsonl
    echo "== train $m stage 2 (data/configs/$m-stage2.toml)"
    "$cli" train --config "data/configs/$m-stage2.toml" ${SCOREFIELD_THREADS:+--threads "$SCOREFIELD_THREADS"}
    cp out/models/ns-superres-stage2.sfm.log.jsonl data/models/ns-superres.stage2.log.jsonl
    echo "== train $m stage 3 (data/configs/$m-stage3.toml, the steady regime)"
    "$cli" train --config "data/configs/$m-stage3.toml" ${SCOREFIELD_THREADS:+--threads "$SCOREFIELD_THREADS"}
  fi
  rm -f data/models/*.ckpt  # the training state is not shipped, only the model
done
