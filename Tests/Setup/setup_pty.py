#!/usr/bin/env python3
"""`outagecal setup` answered at its prompts, on a pseudo-terminal, as a person would.

    setup_pty.py OUTAGECAL FEEDS_DIR

Two runs, each in a fresh HOME:
  1. with a systemd user manager (a stand-in `systemctl` on PATH that records its arguments):
     a wrong prefecture and a wrong address are asked again; the feed is checked; the
     configuration is written; the unit is written, daemon-reload'ed and enabled;
  2. without systemd: the XDG autostart entry is written instead.
Then `outagecal notify --once` starts from the written configuration alone.
Exits non-zero naming the first thing that was not as expected.
"""
import os
import pty
import select
import subprocess
import sys
import tempfile
import time

outagecal, feeds = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
failures = []


def check(condition, what):
    print(("PASS  " if condition else "FAIL  ") + what)
    if not condition:
        failures.append(what)


class Session:
    """A child on a pty: read until a text shows, then type a line."""

    def __init__(self, argv, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(argv[0], argv, env)
        self.seen = b""

    def expect(self, text, timeout=30):
        wanted = text.encode()
        deadline = time.time() + timeout
        while wanted not in self.seen:
            left = deadline - time.time()
            if left <= 0:
                raise AssertionError(f"never saw {text!r}; the screen showed:\n{self.seen.decode(errors='replace')}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"ended before {text!r}; the screen showed:\n{self.seen.decode(errors='replace')}")
                self.seen += chunk
        at = self.seen.index(wanted) + len(wanted)
        shown, self.seen = self.seen[:at], self.seen[at:]
        return shown.decode(errors="replace")

    def type(self, line):
        os.write(self.fd, (line + "\n").encode())

    def finish(self):
        rest = b""
        while True:
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            rest += chunk
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status), (self.seen + rest).decode(errors="replace")


def home():
    root = tempfile.mkdtemp(prefix="outagecal-setup-")
    env = {"HOME": root, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "dumb",
           "XDG_CONFIG_HOME": f"{root}/.config", "XDG_STATE_HOME": f"{root}/.local/state", "XDG_CACHE_HOME": f"{root}/.cache"}
    return root, env


# 1. With a systemd user manager.
root, env = home()
shim = f"{root}/bin"
os.makedirs(shim)
with open(f"{shim}/systemctl", "w") as f:
    f.write(f"#!/bin/sh\necho \"$*\" >> '{root}/systemctl.log'\n[ \"$2\" = is-system-running ] && echo running\nexit 0\n")
os.chmod(f"{shim}/systemctl", 0o755)
env["PATH"] = f"{shim}:/usr/bin:/bin"
session = Session([outagecal, "setup"], env)
try:
    session.expect("都道府県を入力してください")
    session.type("ふくおか県")
    check("見つかりません" in session.expect("もう一度入力してください"), "an unknown prefecture is asked again")
    session.expect("都道府県を入力してください")
    session.type("fukuoka")
    session.expect("フィードの公開場所（URL）を入力してください")
    session.type("ftp://example.jp/feeds")
    check("https:// で始まるアドレスではありません" in session.expect("もう一度入力してください"), "an address that is not http(s) is asked again")
    session.expect("フィードの公開場所（URL）を入力してください")
    session.type(feeds)
    shown = session.expect("設定が終わりました")
    check("✓ 福岡県のフィードを読めました" in shown, "the feed is fetched and read")
    code, rest = session.finish()
    check(code == 0, f"setup exits 0 (it exited {code})")
except AssertionError as error:
    check(False, str(error))
config = f"{root}/.config/outagecal/notify.yaml"
text = open(config, encoding="utf-8").read() if os.path.exists(config) else ""
check('prefecture: "福岡県"' in text and f'base: "{feeds}"' in text, "the configuration names the prefecture and the base")
unit = f"{root}/.config/systemd/user/outagecal-notify.service"
check(os.path.exists(unit) and f"ExecStart={outagecal} notify" in open(unit).read(), "the unit starts `outagecal notify` with no arguments")
log = open(f"{root}/systemctl.log").read() if os.path.exists(f"{root}/systemctl.log") else ""
check("--user daemon-reload" in log and "--user enable --now outagecal-notify.service" in log, "the unit is reloaded and enabled")

# notify starts from the configuration alone.
result = subprocess.run([outagecal, "notify", "--once", "--sink", "terminal", "--now", "2025-12-31T21:35:00+09:00"],
                        env=env, capture_output=True, text=True, timeout=60)
check(result.returncode == 0 and "マイナポータル" in result.stdout, f"notify --once reads the written configuration (exit {result.returncode})")

# 2. Without systemd: an autostart entry.
root, env = home()
session = Session([outagecal, "setup", "--sink", "terminal"], env)
try:
    session.expect("都道府県を入力してください")
    session.type("40")
    session.expect("フィードの公開場所（URL）を入力してください")
    session.type(feeds)
    shown = session.expect("設定が終わりました")
    check("autostart" in shown, "without systemd it says it wrote an autostart entry")
    code, _ = session.finish()
    check(code == 0, f"setup exits 0 (it exited {code})")
except AssertionError as error:
    check(False, str(error))
entry = f"{root}/.config/autostart/outagecal-notify.desktop"
check(os.path.exists(entry) and f"Exec={outagecal} notify" in open(entry).read(), "the autostart entry starts `outagecal notify`")
check("sinks: [terminal]" in open(f"{root}/.config/outagecal/notify.yaml").read(), "--sink goes into the configuration")

print(f"{'OK' if not failures else 'FAILED'}: {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
