"""Where else a claim is reported, and the entities it names: one list, enter to go."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from analysis.model import Claim, Entity
from analysis.reason.elsewhere import Elsewhere
from tui.choices import LinkChoice
from tui.status_marks import STATUS_STYLE, STATUS_SYMBOL
from tui.widgets.vim import VimList


class ClaimLinks(ModalScreen[LinkChoice | None]):
    """Lists other articles' versions of a claim, then the claim's entities."""

    BINDINGS = [
        Binding("escape,q", "dismiss_none", "Close", id="links.close"),
    ]

    def __init__(self, claim: Claim, elsewhere: list[Elsewhere], entities: list[Entity]) -> None:
        super().__init__()
        self.claim = claim
        self.elsewhere = elsewhere
        self.entities = entities
        self.choices: dict[str, LinkChoice] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="links-panel") as panel:
            panel.border_title = "This claim elsewhere"
            panel.border_subtitle = "enter goes there · escape closes"
            yield Static(Text(self.claim.text, style="italic"), id="links-claim")
            yield VimList(id="links-list")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if not self.elsewhere:
            options.add_option(
                Option(Text("No other article reports this.", style="dim"), disabled=True)
            )
        for n, other in enumerate(self.elsewhere):
            # The diff screen's symbols and colours, so that one verdict reads alike.
            prompt = Text(
                f"{STATUS_SYMBOL.get(other.status, '~')} ",
                style=STATUS_STYLE.get(other.status, "dim"),
            )
            prompt.append(other.title, style="bold")
            prompt.append(f"  {other.outlet or 'unknown outlet'}\n", style="dim")
            prompt.append(other.text)
            key = f"elsewhere-{n}"
            self.choices[key] = LinkChoice(article=other.article, start=other.start)
            options.add_option(Option(prompt, id=key))
        if self.entities:
            options.add_option(None)
            for n, entity in enumerate(self.entities):
                prompt = Text(f"{entity.name}", style="bold")
                prompt.append(f"  {entity.type}", style="dim")
                if entity.roles:
                    prompt.append(f" · {entity.roles[0]}", style="dim")
                key = f"entity-{n}"
                self.choices[key] = LinkChoice(entity=entity)
                options.add_option(Option(prompt, id=key))
        first = next(
            (i for i in range(options.option_count) if not options.get_option_at_index(i).disabled),
            None,
        )
        options.highlighted = first
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices.get(event.option.id or ""))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
