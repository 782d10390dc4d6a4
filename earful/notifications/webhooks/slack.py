"""Slack incoming-webhook payload: a fallback `text` and Block Kit blocks."""

from __future__ import annotations

from typing import Any

from earful.notifications.webhooks.summary import headline, lines


def build(*, event: str, data: dict[str, Any]) -> dict[str, Any]:
    title = headline(event, data)
    body = "\n".join(lines(data))
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*{title}*\n{body}"}},
    ]
    if data.get("url"):
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Open in Earful"},
                        "url": data["url"],
                    }
                ],
            }
        )
    return {"text": title, "blocks": blocks}
