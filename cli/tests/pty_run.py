"""Runs a command on a pseudo-terminal, as a user at a terminal would, and answers its
password prompt: `pty_run.py ANSWER CMD ARGS...`. Prints JSON: what the terminal showed
(the prompt and the command's output, and anything echoed back: a password typed where
echo is on shows here), whether a prompt came, how many (each answered with ANSWER), and
the exit status. Gives up after 60 s.
"""
import json
import os
import pty
import select
import sys
import termios
import time

answer, cmd = sys.argv[1], sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(cmd[0], cmd)
shown, prompts, deadline = b"", 0, time.monotonic() + 60
while time.monotonic() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.5)
    if not ready:
        if os.waitpid(pid, os.WNOHANG)[0]:
            break
        continue
    try:
        chunk = os.read(fd, 4096)
    except OSError:  # the child closed the terminal
        break
    if not chunk:
        break
    shown += chunk
    if shown.count(b"(Enter to skip): ") > prompts:
        prompts += 1
        # Type as a person does, after the prompt has turned echo off (a program that
        # leaves it on shows the password in `shown`; 5 s at most).
        wait = time.monotonic() + 5
        while termios.tcgetattr(fd)[3] & termios.ECHO and time.monotonic() < wait:
            time.sleep(0.01)
        os.write(fd, answer.encode() + b"\n")
else:
    os.kill(pid, 9)
_, status = os.waitpid(pid, 0)
print(json.dumps({
    "shown": shown.decode("utf-8", "replace"),
    "prompted": prompts > 0,
    "prompts": prompts,
    "exit": os.waitstatus_to_exitcode(status),
}))
