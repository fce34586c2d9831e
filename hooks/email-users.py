#!/usr/bin/env python3
"""Demo notification hook: turns a notices event (JSON on stdin) into an e-mail to users.

It writes the message to .cache/notices/outbox/<event id>.eml instead of sending it,
so the demo needs no mail server. Exit 0 tells `notices notify` it was delivered; a
real hook would hand the message to your mail service here.
"""

import json
import sys
from email.message import EmailMessage
from pathlib import Path

event = json.load(sys.stdin)
message = EmailMessage()
message["From"] = "Brightwater Kitchen <privacy@brightwater.example>"
message["To"] = "all-users@brightwater.example"
message["Message-ID"] = f"<{event['id']}@notices.brightwater.example>"
message["Subject"] = f"We are changing our privacy notice on {event['effective']}"

lines = [
    "Hello,",
    "",
    f"On {event['effective']}, version {event['version']} of the {event['title']} takes effect.",
]
if event["type"] == "purpose.changed":
    lines.append("It changes the purposes for which we use your personal data.")
    added = event.get("purposes", {}).get("added") or []
    if added:
        lines.append("New purposes: " + ", ".join(added) + ".")
elif event["type"] == "material.changed":
    lines.append(f"It changes this part of the notice: {event['element'].replace('-', ' ')}.")
if event.get("summary"):
    lines += ["", event["summary"]]
lines += [
    "",
    f"Read the new version: {event['url']}",
    f"See exactly what changed: {event['diff_url']}" if event.get("diff_url") else "",
    "",
    "Brightwater Kitchen",
]
message.set_content("\n".join(lines) + "\n", cte="8bit")

outbox = Path(".cache/notices/outbox")
outbox.mkdir(parents=True, exist_ok=True)
(outbox / f"{event['id']}.eml").write_bytes(bytes(message))
print(f"wrote {outbox / (event['id'] + '.eml')}")
