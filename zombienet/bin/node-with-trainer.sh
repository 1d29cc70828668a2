#!/usr/bin/env bash
# One node of a zombienet network with its trainer beside it. zombienet runs this as the node's
# command: it starts `aicchain-trainer serve` on the node's RPC port + 11 (9944 → 9955), with
# its artifact store and log in the node's base path, then becomes the node, pointed at that
# trainer. The trainer stops within a second of the node, however the node
# ends (zombienet kills and restarts nodes with SIGKILL). Subcommands (`build-spec`, `key`, …)
# run the node alone.
set -euo pipefail

target=${CARGO_TARGET_DIR:-$(dirname "$0")/../../target}
node=${AICCHAIN_NODE:-$target/debug/aicchain-node}
case "${1:-}" in
  -* | "") ;;
  *) exec "$node" "$@" ;;
esac

# The node's own arguments say where: its RPC port and its base path.
rpc_port=9944
base=$(mktemp -d)
for ((i = 1; i < $#; i++)); do
  next=$((i + 1))
  case ${!i} in
    --rpc-port) rpc_port=${!next} ;;
    --base-path) base=${!next} ;;
  esac
done
port=$((rpc_port + 11))
mkdir -p "$base"

# A trainer of this node's last run may still hold the port for a moment.
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  sleep 0.2
done
trainer_bin=${AICCHAIN_TRAINER:-$target/release/aicchain-trainer}
trainer_args=(--device "${AICCHAIN_DEVICE:-cpu}" --store "$base/trainer" serve --listen "127.0.0.1:$port")
for dataset in ${AICCHAIN_IMAGES:-/usr/share/datasets/fashion-mnist}; do trainer_args+=(--dataset "$dataset"); done
# Test networks make a trainer cheat (`AICCHAIN_FAULT`, see `aicchain-trainer serve --fault`).
if [[ -n ${AICCHAIN_FAULT:-} ]]; then
  trainer_bin=$target/release/aicchain-trainer-faulty
  trainer_args+=(--fault "$AICCHAIN_FAULT")
fi
"$trainer_bin" "${trainer_args[@]}" >>"$base/trainer.log" 2>&1 &
trainer=$!
# $$ is the node once this script execs it; a killed node may linger as a zombie until reaped.
alive() { kill -0 $$ 2>/dev/null && ! grep -qs $'^State:\tZ' /proc/$$/status; }
(while alive; do sleep 0.5; done; kill "$trainer" 2>/dev/null) &

exec "$node" "$@" --trainer-url "http://127.0.0.1:$port"
