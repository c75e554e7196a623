"""The glossary: every entity across the library, and each one's mentions in context.

The user corrects it here: merge two entries (`m` on one, then `m` on the
other), rename (`r`), retype (`y`), and, on an entry's mentions, mark some and
split them off (`space`, `s`); `u` takes back the latest correction. The
corrections are stored in the library (:mod:`store.corrections`), so every
screen that reads the glossary shows them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option

from analysis.model import ArticleSummary, Entity, Mention
from store.library import Library
from tui.widgets.column_fit import set_column_widths
from tui.widgets.vim import VimList, VimTable
from tui.wording import plural

# Type filters, in the order `t` cycles through them.
TYPE_FILTERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("all", frozenset()),
    ("people", frozenset({"PERSON"})),
    ("places", frozenset({"GPE", "LOC", "FAC"})),
    ("organisations", frozenset({"ORG"})),
    ("weapons", frozenset({"WEAPON", "PRODUCT"})),
    ("groups", frozenset({"NORP"})),
    ("events", frozenset({"EVENT"})),
)
CONTEXT = 70  # characters of context on each side of a mention


@dataclass(frozen=True, slots=True)
class GlossaryData:
    entities: tuple[Entity, ...]
    articles: dict[str, ArticleSummary]
    missing: int  # articles not analysed yet


def load_glossary(library: Library, article_ids: Sequence[str] | None = None) -> GlossaryData:
    """The glossary of ``article_ids`` (default: the library) from stored analysis.

    Never loads the model: articles not analysed yet are counted, not read.
    """
    from store import results

    summaries = library.list_articles()
    ids = [a.id for a in summaries] if article_ids is None else list(article_ids)
    entities = tuple(results.glossary(library, ids, analyze_missing=False))
    missing = len(results.pending(library, ids))
    return GlossaryData(entities, {a.id: a for a in summaries}, missing)


class GlossaryTable(VimTable):
    BINDINGS = [Binding("enter", "select_cursor", "Open", id="glossary.open")]


class GlossaryScreen(Screen[None]):
    """Entities with type, aliases, roles and mentions; filter by type, search by name."""

    BINDINGS = [
        Binding("t", "cycle_type", "Type", id="glossary.type"),
        Binding("1", "type(1)", "People", show=False, id="glossary.people"),
        Binding("2", "type(2)", "Places", show=False, id="glossary.places"),
        Binding("3", "type(3)", "Organisations", show=False, id="glossary.orgs"),
        Binding("4", "type(4)", "Weapons", show=False, id="glossary.weapons"),
        Binding("5", "type(5)", "Groups", show=False, id="glossary.groups"),
        Binding("6", "type(6)", "Events", show=False, id="glossary.events"),
        Binding("0", "type(0)", "All types", show=False, id="glossary.all"),
        Binding("slash", "search", "Search", key_display="/", id="glossary.search"),
        Binding("m", "merge", "Merge", show=False, id="glossary.merge"),
        Binding("r", "rename", "Rename", show=False, id="glossary.rename"),
        Binding("y", "retype", "Retype", show=False, id="glossary.retype"),
        Binding("u", "undo", "Undo correction", show=False, id="glossary.undo"),
        Binding("q,escape", "back", "Back", id="glossary.back"),
    ]

    type_filter: reactive[int] = reactive(0)
    search: reactive[str] = reactive("")

    class Loaded(Message):
        def __init__(self, data: GlossaryData) -> None:
            super().__init__()
            self.data = data

    def __init__(
        self,
        library: Library,
        *,
        article: str | None = None,
        articles: Sequence[str] | None = None,
        scope: str = "",
    ) -> None:
        super().__init__()
        self.library = library
        self.article = article  # only entities of this article, when given
        # The glossary of these articles alone (a story, the marked ones), named by `scope`.
        self.articles = tuple(articles) if articles is not None else None
        self.scope = scope
        self.data: GlossaryData | None = None
        self.merging: Entity | None = None  # the entry `m` picked, to merge into the next
        self.editing = ""  # what the edit field is for: "rename", "retype" or ""

    def compose(self) -> ComposeResult:
        with Vertical(id="glossary"):
            yield Static(id="glossary-status")
            yield LoadingIndicator()
            yield GlossaryTable(id="glossary-table", cursor_type="row", zebra_stripes=True)
            yield Input(placeholder="search names, aliases and roles", id="glossary-search")
            yield Input(id="glossary-edit")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(GlossaryTable)
        widths = column_widths(self.size.width)
        table.add_column("Name", key="name", width=widths["name"])
        table.add_column("Type", key="type", width=widths["type"])
        table.add_column("Aliases", key="aliases", width=widths["aliases"])
        table.add_column("Roles", key="roles", width=widths["roles"])
        table.add_column("Mentions", key="mentions", width=widths["mentions"])
        table.display = False
        self.query_one("#glossary-search", Input).display = False
        self.query_one("#glossary-edit", Input).display = False
        self.load()

    def on_resize(self) -> None:
        table = self.query_one(GlossaryTable)
        if table.columns:
            set_column_widths(table, column_widths(self.size.width))

    @work(thread=True, exclusive=True, group="glossary-load")
    def load(self) -> None:
        self.post_message(self.Loaded(load_glossary(self.library, self.articles)))

    def on_glossary_screen_loaded(self, message: Loaded) -> None:
        self.data = message.data
        self.query_one(LoadingIndicator).display = False
        table = self.query_one(GlossaryTable)
        table.display = True
        table.focus()
        shown = table.cursor_row
        self.refill()
        if 0 < shown < table.row_count:
            table.move_cursor(row=shown)

    def visible(self) -> list[Entity]:
        if self.data is None:
            return []
        _, types = TYPE_FILTERS[self.type_filter]
        words = self.search.lower().split()
        out = []
        for entity in self.data.entities:
            if self.article and self.article not in entity.articles:
                continue
            if types and entity.type not in types:
                continue
            if words:
                haystack = " ".join([entity.name, *entity.aliases, *entity.roles]).lower()
                if not all(w in haystack for w in words):
                    continue
            out.append(entity)
        return out

    def refill(self) -> None:
        if self.data is None:
            return
        table = self.query_one(GlossaryTable)
        table.clear()
        shown = self.visible()
        for entity in shown:
            aliases = [a for a in entity.aliases if a != entity.name]
            per_article = len(entity.articles)
            mentions = f"{len(entity.mentions)} in {per_article}"
            table.add_row(
                Text(entity.name, no_wrap=True, overflow="ellipsis"),
                Text(entity.type),
                Text(", ".join(aliases), no_wrap=True, overflow="ellipsis"),
                Text("; ".join(entity.roles), no_wrap=True, overflow="ellipsis"),
                Text(mentions, justify="right"),
                key=entity.id,
            )
        name, _ = TYPE_FILTERS[self.type_filter]
        status = f"{len(shown)} entities · type: {name}"
        if self.search:
            status += f" · matching “{self.search}”"
        if self.article:
            title = self.data.articles.get(self.article)
            status += f" · in {title.title if title else self.article[:8]}"
        if self.scope:
            status += f" · {self.scope}"
        if self.merging is not None:
            status += f" · merging {self.merging.name}: m on the entry to merge it into"
        if self.data.missing:
            status += f" · {plural(self.data.missing, 'article')} not analysed yet"
        self.query_one("#glossary-status", Static).update(Text(status))

    def watch_type_filter(self) -> None:
        self.refill()

    def watch_search(self) -> None:
        self.refill()

    def action_cycle_type(self) -> None:
        self.type_filter = (self.type_filter + 1) % len(TYPE_FILTERS)

    def action_type(self, index: int) -> None:
        self.type_filter = index

    def action_search(self) -> None:
        field = self.query_one("#glossary-search", Input)
        field.display = True
        field.focus()

    @on(Input.Changed, "#glossary-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search = event.value

    @on(Input.Submitted, "#glossary-search")
    def _search_done(self) -> None:
        self.query_one(GlossaryTable).focus()

    def action_back(self) -> None:
        field = self.query_one("#glossary-search", Input)
        if field.display:
            field.value = ""
            field.display = False
            self.query_one(GlossaryTable).focus()
            return
        if self.merging is not None:
            self.merging = None
            self.refill()
            return
        self.app.pop_screen()

    def selected(self) -> Entity | None:
        """The entry under the cursor."""
        shown = self.visible()
        row = self.query_one(GlossaryTable).cursor_row
        return shown[row] if 0 <= row < len(shown) else None

    def action_merge(self) -> None:
        """First `m` picks an entry; the second merges it into the entry then under the cursor."""
        entity = self.selected()
        if entity is None:
            return
        if self.merging is None or self.merging.id == entity.id:
            self.merging = None if self.merging is not None else entity
            self.refill()
            return
        from store.corrections import merge_entities

        other, self.merging = self.merging, None
        merge_entities(self.library, entity, other)
        self.notify(f"Merged {other.name} into {entity.name}", timeout=3)
        self.load()

    def action_rename(self) -> None:
        self._edit("rename", "new name for {}", lambda e: e.name)

    def action_retype(self) -> None:
        from analysis.reason.glossary_corrections import ENTITY_TYPES

        self._edit("retype", "type for {} (" + ", ".join(ENTITY_TYPES) + ")", lambda e: e.type)

    def _edit(self, what: str, prompt: str, value: Callable[[Entity], str]) -> None:
        entity = self.selected()
        if entity is None:
            return
        field = self.query_one("#glossary-edit", Input)
        self.editing = what
        # The field opens filled in: its border says what it asks.
        field.border_title = field.placeholder = prompt.format(entity.name)
        field.value = value(entity)
        field.display = True
        field.focus()

    @on(Input.Submitted, "#glossary-edit")
    def _edit_done(self, event: Input.Submitted) -> None:
        from store.corrections import rename_entity, retype_entity

        field = self.query_one("#glossary-edit", Input)
        entity, what = self.selected(), self.editing
        try:
            if entity is None or not event.value.strip():
                pass
            elif what == "rename" and event.value.strip() != entity.name:
                others = self.data.entities if self.data else ()
                rename_entity(self.library, entity, event.value, others)
            elif what == "retype" and event.value.strip().upper() != entity.type:
                retype_entity(self.library, entity, event.value)
            else:
                entity = None
        except ValueError as exc:
            # The field stays open with what was typed, to be put right.
            self.notify(str(exc), severity="error", timeout=4)
            return
        field.display, self.editing = False, ""
        self.query_one(GlossaryTable).focus()
        if entity is not None and event.value.strip():
            self.load()

    def action_undo(self) -> None:
        from store.corrections import undo_last

        undone = undo_last(self.library)
        self.notify(f"Took back a {undone.op}" if undone else "Nothing to take back", timeout=2)
        if undone:
            self.load()

    @on(DataTable.RowSelected, "#glossary-table")
    def _open_entity(self, event: DataTable.RowSelected) -> None:
        if self.data is None:
            return
        entity = next((e for e in self.data.entities if e.id == event.row_key.value), None)
        if entity is not None:
            self.app.push_screen(
                EntityScreen(self.library, entity, self.data.articles),
                lambda changed: self.load() if changed else None,
            )


class EntityScreen(Screen[bool]):
    """One entity: its roles, aliases and every mention in context, grouped by article.

    Dismissed with True when the user split mentions off it.
    """

    BINDINGS = [
        Binding("space", "mark", "Mark and go to the next", show=False, id="entity.mark"),
        Binding("s", "split", "Split off", show=False, id="entity.split"),
        Binding("q,escape", "back", "Back", id="entity.back"),
    ]

    def __init__(
        self, library: Library, entity: Entity, articles: dict[str, ArticleSummary]
    ) -> None:
        super().__init__()
        self.library = library
        self.entity = entity
        self.articles = articles
        self.mentions: dict[str, Mention] = {}
        self.marked: dict[str, None] = {}  # option ids of the mentions marked for a split
        self.texts: dict[str, str] = {}  # article id -> text, read once by load()

    def compose(self) -> ComposeResult:
        with Vertical(id="entity"):
            yield Static(entity_header(self.entity), id="entity-header")
            yield LoadingIndicator()
            yield MentionList(id="entity-mentions")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(MentionList).display = False
        self.load()

    @work(thread=True, exclusive=True, group="entity-load")
    def load(self) -> None:
        """Read each article's text once to cut the context around its mentions."""
        by_article: dict[str, list[Mention]] = defaultdict(list)
        for m in self.entity.mentions:
            by_article[m.article].append(m)
        options: list[Option | None] = []
        for article_id, mentions in by_article.items():
            summary = self.articles.get(article_id)
            try:
                text = self.library.get_article(article_id).text
            except Exception:  # noqa: BLE001 - an article removed meanwhile
                continue
            self.texts[article_id] = text
            heading = Text(summary.title if summary else article_id[:8], style="bold")
            heading.append(
                f"  {(summary.outlet if summary else None) or 'unknown outlet'}"
                f" · {plural(len(mentions), 'mention')}",
                style="dim",
            )
            if options:
                options.append(None)
            options.append(Option(heading, disabled=True))
            for index, m in enumerate(sorted(mentions, key=lambda m: m.start)):
                key = f"{article_id}:{index}"
                self.mentions[key] = m
                options.append(Option(mention_context(text, m), id=key))
        self.app.call_from_thread(self._show, options)

    def _show(self, options: list[Option | None]) -> None:
        self.query_one(LoadingIndicator).display = False
        mention_list = self.query_one(MentionList)
        mention_list.add_options(options)
        mention_list.display = True
        mention_list.focus()
        first = next((i for i, o in enumerate(options) if o is not None and not o.disabled), None)
        if first is not None:
            mention_list.highlighted = first

    @on(OptionList.OptionSelected, "#entity-mentions")
    def _open_mention(self, event: OptionList.OptionSelected) -> None:
        mention = self.mentions.get(event.option.id or "")
        if mention is None:
            return
        self.app.open_article(mention.article, at=mention.start)

    def action_back(self) -> None:
        self.dismiss(False)

    def action_mark(self) -> None:
        """Mark or unmark the highlighted mention for a split, then go to the next one."""
        mention_list = self.query_one(MentionList)
        if mention_list.highlighted is None:
            return
        option = mention_list.get_option_at_index(mention_list.highlighted)
        key = option.id or ""
        if key not in self.mentions:
            return
        if key in self.marked:
            del self.marked[key]
        else:
            self.marked[key] = None
        mention = self.mentions[key]
        line = mention_context(self.texts.get(mention.article, ""), mention)
        if key in self.marked:
            line = Text("● ", style="bold") + line
        mention_list.replace_option_prompt(key, line)
        if mention_list.highlighted < mention_list.option_count - 1:
            mention_list.action_cursor_down()

    def action_split(self) -> None:
        """Split the marked mentions (or the highlighted one) off into an entry of their own."""
        from store.corrections import split_mentions

        keys = list(self.marked)
        if not keys:
            mention_list = self.query_one(MentionList)
            if mention_list.highlighted is None:
                return
            keys = [mention_list.get_option_at_index(mention_list.highlighted).id or ""]
        mentions = [self.mentions[k] for k in keys if k in self.mentions]
        if not mentions:
            return
        if len(mentions) == len(self.entity.mentions):
            self.notify("That is every mention: rename the entry instead", timeout=3)
            return
        split_mentions(self.library, mentions)
        self.notify(f"Split {len(mentions)} mentions off {self.entity.name}", timeout=3)
        self.dismiss(True)


class MentionList(VimList):
    BINDINGS = [Binding("enter", "select", "Open in article", id="entity.open")]


# Fixed columns, then the share of what is left each flexible one takes, and its minimum.
_FIXED = {"type": 7, "mentions": 9}
_FLEXIBLE = {"name": (0.36, 14), "aliases": (0.28, 8), "roles": (0.36, 8)}


def column_widths(screen_width: int) -> dict[str, int]:
    """Widths of the glossary's columns so that all five fit ``screen_width`` cells.

    The type and the mention count ("39 in 12") keep their width; name, aliases
    and roles share the rest, so the count never falls off a narrow terminal.
    """
    # Each column has one cell of padding on either side; two more for the scrollbar.
    spare = screen_width - 2 * (len(_FIXED) + len(_FLEXIBLE)) - 2 - sum(_FIXED.values())
    name = max(_FLEXIBLE["name"][1], int(spare * _FLEXIBLE["name"][0]))
    aliases = max(_FLEXIBLE["aliases"][1], int(spare * _FLEXIBLE["aliases"][0]))
    roles = max(_FLEXIBLE["roles"][1], spare - name - aliases)
    return {
        "name": name,
        "type": _FIXED["type"],
        "aliases": aliases,
        "roles": roles,
        "mentions": _FIXED["mentions"],
    }


def entity_header(entity: Entity) -> Text:
    """Name and type, then roles and aliases, as plain text."""
    text = Text(entity.name, style="bold")
    text.append(f"  {entity.type}", style="dim")
    text.append(
        f"  {plural(len(entity.mentions), 'mention')} in {plural(len(entity.articles), 'article')}",
        style="dim",
    )
    if entity.roles:
        text.append("\nroles: ", style="bold")
        text.append("; ".join(entity.roles))
    aliases = [a for a in entity.aliases if a != entity.name]
    if aliases:
        text.append("\naliases: ", style="bold")
        text.append(", ".join(aliases))
    return text


def mention_context(text: str, mention: Mention) -> Text:
    """A line of context around a mention, the mention itself in bold.

    The context stays inside the mention's paragraph (a photo credit or a
    link on the next line is not its context) and is cut at whole words.
    """
    paragraph_start = text.rfind("\n", 0, mention.start) + 1
    paragraph_end = text.find("\n", mention.end)
    if paragraph_end < 0:
        paragraph_end = len(text)
    start = max(paragraph_start, mention.start - CONTEXT)
    if start > paragraph_start:
        # Forward to the next word, unless that would eat into the mention.
        space = text.find(" ", start, mention.start)
        start = space + 1 if space >= 0 else start
    end = min(paragraph_end, mention.end + CONTEXT)
    if end < paragraph_end:
        space = text.rfind(" ", mention.end, end)
        end = space if space >= 0 else end
    before = " ".join(text[start : mention.start].split())
    after = " ".join(text[mention.end : end].split())
    line = Text("…" if start > paragraph_start else "", style="dim")
    if before:
        line.append(before + (" " if text[mention.start - 1 : mention.start].isspace() else ""))
    line.append(text[mention.start : mention.end], style="bold reverse")
    if after:
        line.append((" " if text[mention.end : mention.end + 1].isspace() else "") + after)
    if end < paragraph_end:
        line.append("…", style="dim")
    return line
