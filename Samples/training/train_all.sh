#!/bin/bash
# Train all five sample models at once on one GPU, then evaluate each with fla (see README.md).
#   bash train_all.sh DATA_DIR EVAL_DIR WORK_DIR
# DATA_DIR: prepare_data.py's train/validation txt. EVAL_DIR: the files to evaluate on (text-heldout.txt,
# recall-heldout.txt, text-small.txt, recall-small.txt) and the logits prompts (prompt-text.txt,
# prompt-recall.txt). WORK_DIR gets models/<name>/ (checkpoint, train.json, eval.json, logits.safetensors)
# and logs/. The trainings, then the evaluations, run as parallel processes: each model is far too
# small to fill the GPU.
set -o pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$1 EVAL=$2 WORK=$3
mkdir -p "$WORK/models" "$WORK/logs"
python3 "$HERE/train.py" text "$WORK/models/gdn-text" --text-data "$DATA" > "$WORK/logs/gdn-text.log" 2>&1 &
for rule in gated_delta delta gated linear; do
    name=gdn-recall; [ $rule = gated_delta ] || name=gdn-recall-$rule
    python3 "$HERE/train.py" recall "$WORK/models/$name" --rule $rule > "$WORK/logs/$name.log" 2>&1 &
done
wait
tail -n 2 "$WORK"/logs/*.log
TRITON_F32_DEFAULT=ieee python3 "$HERE/check_rules.py" > "$WORK/logs/check_rules.log" 2>&1 &
for dir in "$WORK"/models/*/; do
    name=$(basename "$dir")
    case $name in
        gdn-text) files="$EVAL/text-heldout.txt $EVAL/text-small.txt"; prompt=$EVAL/prompt-text.txt ;;
        *) files="$EVAL/recall-heldout.txt $EVAL/recall-small.txt"; prompt=$EVAL/prompt-recall.txt ;;
    esac
    TRITON_F32_DEFAULT=ieee python3 "$HERE/evaluate.py" "$dir" $files --logits "$prompt" "$dir/logits.safetensors" \
        > "$dir/eval.json" 2> "$WORK/logs/eval-$name.log" &
done
wait
cat "$WORK"/logs/check_rules.log "$WORK"/models/*/eval.json
