#!/usr/bin/env bash
# `outagecal setup` answered at its prompts on a pseudo-terminal (setup_pty.py), and `notify`
# started from what it wrote.   Tests/Setup/run.sh [OUTAGECAL]
set -euo pipefail
cd "$(dirname "$0")/../.."
exec /usr/bin/python3 -I Tests/Setup/setup_pty.py "${1:-.build/debug/outagecal}" Feeds
