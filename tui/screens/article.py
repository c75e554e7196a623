"""One article: its metadata and clean text, claims and entities marked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, Static

from analysis.model import Article, Claim, Entity
from store.library import Library
from tui.choices import LinkChoice, MetadataEdit
from tui.details import claim_detail
from tui.widgets.article_view import ArticleView, Highlight
from tui.wording import plural

# Entity types grouped into the colours the article view knows.
ENTITY_COMPONENT = {
    "PERSON": "article-view--person",
    "ORG": "article-view--org",
    "GPE": "article-view--place",
    "LOC": "article-view--place",
    "FAC": "article-view--place",
    "NORP": "article-view--norp",
    "WEAPON": "article-view--weapon",
    "EVENT": "article-view--event",
}


@dataclass(frozen=True, slots=True)
class ArticleData:
    """What the article screen shows, read from the store in a worker."""

    article: Article
    claims: tuple[Claim, ...]
    entities: tuple[Entity, ...]
    analysed: bool
    # False for the text alone, sent first so that a long article paints at once.
    complete: bool = True


def load_article_data(library: Library, article_id: str) -> ArticleData:
    """The article and its stored analysis; never runs the NLP model."""
    from store import results

    article = library.get_article(article_id)
    analysis = results.load_analysis(library, article_id)
    if analysis is None:
        return ArticleData(article, (), (), analysed=False)
    entities = tuple(results.glossary(library, analyze_missing=False))
    claims = tuple(results.link_claims(analysis.claims, entities, article_id))
    mentioned = tuple(e for e in entities if article_id in e.articles)
    return ArticleData(article, claims, mentioned, analysed=True)


def article_header(article: Article, claims: int | None = None) -> Text:
    """Title line and a line of facts; all of it plain text, never markup."""
    facts = [
        article.outlet or "unknown outlet",
        article.published or "undated",
    ]
    if article.byline:
        facts.append(f"by {article.byline}")
    facts.append(plural(article.words, "word"))
    if claims is not None:
        facts.append(plural(claims, "claim"))
    if article.versions > 1:
        facts.append(f"version {article.version} of {article.versions}")
    facts.append(f"id {article.id[:8]}")
    header = Text(article.title, style="bold")
    header.append("\n")
    header.append(" · ".join(facts), style="dim")
    header.append("\n")
    header.append(article.source, style="dim italic")
    return header


@dataclass(frozen=True, slots=True)
class NameMention:
    """One mention of a glossary entity in the article, as the name cursor visits it."""

    start: int
    end: int
    entity: Entity


def carve(highlights: list[Highlight], start: int, end: int) -> list[Highlight]:
    """``highlights`` with the span ``start``-``end`` cut out of each.

    The view paints spans in order of where they start, so a claim beginning
    with the name under the cursor would be painted over it; cut out, nothing
    competes with the cursor.
    """
    carved: list[Highlight] = []
    for h in highlights:
        if h.end <= start or h.start >= end:
            carved.append(h)
            continue
        if h.start < start:
            carved.append(Highlight(h.start, start, h.component))
        if h.end > end:
            carved.append(Highlight(end, h.end, h.component))
    return carved


def name_mentions(article_id: str, entities: tuple[Entity, ...]) -> tuple[NameMention, ...]:
    """The article's entity mentions in reading order, one per span."""
    seen: dict[tuple[int, int], NameMention] = {}
    for entity in entities:
        for m in entity.mentions:
            if m.article == article_id:
                seen.setdefault((m.start, m.end), NameMention(m.start, m.end, entity))
    return tuple(sorted(seen.values(), key=lambda n: (n.start, -n.end)))


Cursor = Literal["", "claim", "name"]


class ArticleScreen(Screen[None]):
    """Shows one article; claims and entities can be marked and walked through.

    Two cursors walk the text: the claim cursor (``n``/``N``) and the name
    cursor (``tab``/``shift+tab`` or ``]``/``[``, from link to link as in a
    text-mode browser). ``enter`` acts on the one moved last, and the footer
    and the detail panel say which that is. Moving the claim cursor drops the
    name cursor; the name cursor starts inside the selected claim, and escape
    drops it first, giving ``enter`` back to the claim.
    """

    BINDINGS = [
        Binding("enter", "open_name", "Open name", id="article.open_name"),
        Binding("enter", "claim_links", "Elsewhere", id="article.links"),
        Binding("n", "next_claim", "Next claim", id="article.next_claim"),
        Binding("N", "previous_claim", "Prev claim", show=False, id="article.previous_claim"),
        Binding(
            "tab,right_square_bracket",
            "next_name",
            "Next name (entity)",
            show=False,
            id="article.next_name",
        ),
        Binding(
            "shift+tab,left_square_bracket",
            "previous_name",
            "Prev name (entity)",
            show=False,
            id="article.previous_name",
        ),
        Binding(
            "h",
            "toggle_claims",
            "Claims",
            tooltip="Show or hide the claim highlights (claims underlined, kinds coloured)",
            id="article.claims",
        ),
        Binding(
            "e",
            "toggle_entities",
            "Entities",
            tooltip="Show or hide the names coloured by type (people, places, organisations...)",
            id="article.entities",
        ),
        Binding(
            "c",
            "toggle_chrome",
            "Chrome",
            tooltip="Show or hide the page chrome (navigation, ads, credits), dimmed when shown",
            id="article.chrome",
        ),
        Binding(
            "m",
            "edit_metadata",
            "Metadata",
            show=False,
            tooltip="Edit the title, outlet and date (a new date re-analyses the article)",
            id="article.metadata",
        ),
        Binding("q", "leave", "Back", id="article.back"),
        Binding("escape", "back", "Clear cursor / back", show=False, id="article.clear"),
    ]

    show_claims: reactive[bool] = reactive(True)
    show_entities: reactive[bool] = reactive(True)
    current_claim: reactive[int] = reactive(-1)
    current_name: reactive[int] = reactive(-1)
    cursor: reactive[Cursor] = reactive[Cursor]("")
    """Which cursor ``enter`` acts on: the one moved last ("" when neither is set)."""

    class Loaded(Message):
        def __init__(self, data: ArticleData) -> None:
            super().__init__()
            self.data = data

    def __init__(self, library: Library, article_id: str, *, at: int | None = None) -> None:
        super().__init__()
        self.library = library
        self.article_id = article_id
        self.start_offset = at
        self._jumped = False  # to start_offset, once the claims are known
        self.data: ArticleData | None = None
        self.names: tuple[NameMention, ...] = ()

    @property
    def article(self) -> Article | None:
        return self.data.article if self.data else None

    def compose(self) -> ComposeResult:
        with Vertical(id="article"):
            yield Static(id="article-header")
            yield LoadingIndicator()
            yield Static(id="article-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#article-detail", Static).display = False
        self.load()

    @work(thread=True, exclusive=True, group="article-load")
    def load(self) -> None:
        from store.errors import StoreError

        try:
            # The text first: a long article's analysis takes a while to read and link.
            article = self.library.get_article(self.article_id)
            self.post_message(
                self.Loaded(ArticleData(article, (), (), analysed=False, complete=False))
            )
            data = load_article_data(self.library, self.article_id)
        except StoreError as exc:  # damaged while the app runs: say so, go back
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=15)
            self.app.call_from_thread(self.dismiss_broken)
            return
        self.post_message(self.Loaded(data))

    def dismiss_broken(self) -> None:
        if self.is_current:
            self.app.pop_screen()

    async def on_article_screen_loaded(self, message: Loaded) -> None:
        data = message.data
        first_load = self.data is None
        self.data = data
        self.names = name_mentions(data.article.id, data.entities)
        if self.current_name >= 0:
            self._leave_names()  # the glossary may have changed under it
        claims = len(data.claims) if data.analysed else None
        self.query_one("#article-header", Static).update(article_header(data.article, claims))
        if not data.complete:
            if first_load:
                await self._mount_view(data.article)
            return
        if not self.query(ArticleView):
            await self._mount_view(data.article)
        self.sub_title = data.article.title
        if not data.analysed:
            self.notify("This article is still being analysed; claims appear when it is done.")
        self._rehighlight()
        if not self._jumped and self.start_offset is not None:
            self.jump_to_offset(self.start_offset)
        self._jumped = True

    async def _mount_view(self, article: Article) -> None:
        """Replace the loading indicator with the article's text."""
        for indicator in self.query(LoadingIndicator):
            await indicator.remove()
        view = ArticleView(article, id="article-view")
        await self.query_one("#article", Vertical).mount(view, before="#article-detail")
        view.focus()
        self.sub_title = article.title

    # --- highlights ---------------------------------------------------------------

    def _rehighlight(self) -> None:
        if self.data is None:
            return
        highlights: list[Highlight] = []
        if self.show_claims:
            for index, claim in enumerate(self.data.claims):
                # Alternating tints show where one claim ends and the next begins.
                component = (
                    "article-view--claim-current"
                    if index == self.current_claim
                    else ("article-view--claim", "article-view--claim-alt")[index % 2]
                )
                highlights.append(Highlight(claim.start, claim.end, component))
        if self.show_entities:
            for entity in self.data.entities:
                component = ENTITY_COMPONENT.get(entity.type, "article-view--other")
                for m in entity.mentions:
                    if m.article == self.data.article.id:
                        highlights.append(Highlight(m.start, m.end, component))
        if self.show_entities and 0 <= self.current_name < len(self.names):
            name = self.names[self.current_name]
            highlights = carve(highlights, name.start, name.end)
            highlights.append(Highlight(name.start, name.end, "article-view--entity-current"))
        for view in self.query(ArticleView):
            view.set_highlights(highlights)
        self._show_detail()

    def _show_detail(self) -> None:
        """The detail panel describes what ``enter`` would act on, and says so on its border."""
        detail = self.query_one("#article-detail", Static)
        if self.data is None:
            detail.display = False
            return
        if self.cursor == "name" and 0 <= self.current_name < len(self.names):
            detail.update(name_detail(self.names[self.current_name].entity, self.data.article.id))
            detail.border_title = Text(
                f"name {self.current_name + 1} of {len(self.names)} · enter: glossary entry"
            )
            detail.display = True
            return
        if not (0 <= self.current_claim < len(self.data.claims)):
            detail.display = False
            return
        detail.update(claim_detail(self.data.claims[self.current_claim], self.data.entities))
        detail.border_title = Text(
            f"claim {self.current_claim + 1} of {len(self.data.claims)} · enter: where else"
        )
        detail.display = True

    def watch_show_claims(self) -> None:
        self._rehighlight()

    def watch_show_entities(self, shown: bool) -> None:
        if not shown and self.cursor == "name":
            self._leave_names()
        self._rehighlight()

    def watch_current_claim(self, index: int) -> None:
        if index < 0 and self.cursor == "claim":
            self.cursor = ""
        self._rehighlight()

    def watch_current_name(self) -> None:
        self._rehighlight()

    def watch_cursor(self) -> None:
        self._rehighlight()
        self.refresh_bindings()  # the footer's enter follows the cursor

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``enter`` opens the name under the name cursor when it was moved last."""
        if action == "open_name":
            return self.cursor == "name"
        if action == "claim_links":
            return self.cursor != "name"
        return True

    def _leave_names(self) -> None:
        self.current_name = -1
        self.cursor = "claim" if self.current_claim >= 0 else ""

    # --- actions -------------------------------------------------------------------

    def jump_to_offset(self, offset: int) -> None:
        """Scroll to ``offset``, selecting the claim there if there is one."""
        if self.data is not None:
            for index, claim in enumerate(self.data.claims):
                if claim.start <= offset < claim.end:
                    self._select_claim(index)
                    break
        for view in self.query(ArticleView):
            view.scroll_to_offset(offset, animate=False)

    def _step_claim(self, step: int) -> None:
        if self.data is None or not self.data.claims:
            self.notify("No claims in this article", timeout=2)
            return
        count = len(self.data.claims)
        if self.current_claim < 0:
            # Start from what is on screen rather than from the top.
            view = self.query_one(ArticleView)
            top = view.offset_at_top()
            after = [i for i, c in enumerate(self.data.claims) if c.start >= top]
            index = (after[0] if after else 0) if step > 0 else (after[0] - 1 if after else -1)
            index %= count
        else:
            index = (self.current_claim + step) % count
        self._select_claim(index)
        self.query_one(ArticleView).scroll_to_offset(self.data.claims[index].start)

    def _select_claim(self, index: int) -> None:
        """Put the claim cursor on claim ``index``; the name cursor, if any, gives way."""
        self.show_claims = True
        self.current_name = -1
        self.current_claim = index
        self.cursor = "claim"

    def action_next_claim(self) -> None:
        self._step_claim(1)

    def action_previous_claim(self) -> None:
        self._step_claim(-1)

    def _step_name(self, step: int) -> None:
        if not self.names:
            self.notify("No names from the glossary in this article", timeout=2)
            return
        count = len(self.names)
        if self.current_name < 0:
            # Start inside the selected claim if there is one, else at the top of
            # the screen: the names a reader sees first are the ones to visit first.
            if self.data is not None and self.cursor == "claim" and self.current_claim >= 0:
                anchor = self.data.claims[self.current_claim].start
            else:
                anchor = self.query_one(ArticleView).offset_at_top()
            after = [i for i, n in enumerate(self.names) if n.start >= anchor]
            if step > 0:
                index = after[0] if after else 0
            else:
                index = (after[0] - 1 if after else count - 1) % count
        else:
            index = (self.current_name + step) % count
        self.show_entities = True
        self.current_name = index
        self.cursor = "name"
        self._reveal(self.names[index].start)

    def _reveal(self, offset: int) -> None:
        """Scroll to ``offset`` only if its line is off screen, so walking does not jolt."""
        view = self.query_one(ArticleView)
        line = view.line_of_offset(offset)
        top = int(view.scroll_offset.y)
        if not top <= line < top + view.scrollable_content_region.height:
            view.scroll_to_offset(offset)

    def action_next_name(self) -> None:
        self._step_name(1)

    def action_previous_name(self) -> None:
        self._step_name(-1)

    def action_open_name(self) -> None:
        """Enter on a name: its glossary entry."""
        if 0 <= self.current_name < len(self.names):
            self._open_entity(self.names[self.current_name].entity)

    def _open_entity(self, entity: Entity) -> None:
        self.app.open_entity(entity)

    def action_toggle_claims(self) -> None:
        self.show_claims = not self.show_claims

    def action_toggle_entities(self) -> None:
        self.show_entities = not self.show_entities

    def action_toggle_chrome(self) -> None:
        for view in self.query(ArticleView):
            view.show_chrome = not view.show_chrome
            self.notify(
                "Page chrome shown (dimmed)" if view.show_chrome else "Page chrome hidden",
                timeout=2,
            )

    def on_article_view_clicked(self, event: ArticleView.Clicked) -> None:
        """A click on a name opens its glossary entry; on a claim, selects it."""
        if self.data is None:
            return
        for entity in self.data.entities:
            for m in entity.mentions:
                if m.article == self.article_id and m.start <= event.offset < m.end:
                    self._open_entity(entity)
                    return
        for index, claim in enumerate(self.data.claims):
            if claim.start <= event.offset < claim.end:
                self._select_claim(index)
                return

    def action_claim_links(self) -> None:
        """Enter on a claim: where other articles report it, and the entities it names."""
        if self.data is None or not (0 <= self.current_claim < len(self.data.claims)):
            self.notify("Select a claim with n or N, or a name with tab", timeout=2)
            return
        self.find_elsewhere(self.data.claims[self.current_claim])

    @work(thread=True, exclusive=True, group="article-links")
    def find_elsewhere(self, claim: Claim) -> None:
        """Where the other articles of this article's story report the claim, in a worker."""
        from analysis.reason.elsewhere import articles_to_search, claim_elsewhere
        from store import results

        summaries = self.library.list_articles()
        ids = articles_to_search(self.article_id, summaries)
        elsewhere = []
        if len(ids) >= 2:
            claims = {i: results.ensure_analysis(self.library, i).claims for i in ids}
            elsewhere = claim_elsewhere(
                claim,
                self.article_id,
                results.coverage(self.library, ids),
                lambda i: (
                    claims[i] if i in claims else results.ensure_analysis(self.library, i).claims
                ),
                {a.id: a for a in summaries},
                results.speakers_of(self.library, claims),
            )
        entities = [e for e in (self.data.entities if self.data else ()) if e.id in claim.entities]
        self.app.call_from_thread(
            self.app.show_claim_links, claim, elsewhere, entities, self._follow_link
        )

    def _follow_link(self, choice: LinkChoice | None) -> None:
        if choice is None:
            return
        if choice.entity is not None:
            self._open_entity(choice.entity)
        elif choice.article is not None:
            self.app.open_article(choice.article, at=choice.start)

    def action_edit_metadata(self) -> None:
        if self.data is None:
            return

        def save(edit: MetadataEdit | None) -> None:
            if edit is not None:
                self.save_metadata(edit)

        self.app.ask_metadata(self.data.article, save)

    @work(thread=True, exclusive=True, group="article-metadata")
    def save_metadata(self, edit: MetadataEdit) -> None:
        """Store the new metadata, then re-analyse: relative dates hang on the date."""
        from store import results

        title, outlet, published = edit.title, edit.outlet, edit.published
        changed_date = self.data is not None and (published or None) != self.data.article.published
        self.library.update_metadata(
            self.article_id, title=title, outlet=outlet, published=published
        )
        self.app.call_from_thread(
            self.notify,
            "Metadata saved" + (", re-analysing with the new date…" if changed_date else ""),
            timeout=3,
        )
        if changed_date:
            results.ensure_analysis(self.library, self.article_id)
        self.post_message(self.Loaded(load_article_data(self.library, self.article_id)))

    def action_leave(self) -> None:
        """q: back to where the article was opened from, whatever is selected."""
        self.app.pop_screen()

    def action_back(self) -> None:
        # Escape leaves the name cursor, then the claim cursor, then the screen.
        if self.current_name >= 0:
            self._leave_names()
            return
        if self.current_claim >= 0:
            self.current_claim = -1
            return
        self.app.pop_screen()


def name_detail(entity: Entity, article_id: str) -> Text:
    """The entity under the name cursor: its type, roles, aliases and reach."""
    text = Text(entity.name, style="bold")
    text.append(f" · {entity.type}")
    here = sum(1 for m in entity.mentions if m.article == article_id)
    others = len(entity.articles) - (1 if article_id in entity.articles else 0)
    text.append(f" · {here} mention{'s' if here != 1 else ''} here", style="dim")
    if others:
        text.append(f", in {others} other article{'s' if others != 1 else ''}", style="dim")
    if entity.roles:
        text.append("\nroles: " + "; ".join(entity.roles[:3]))
    aliases = [a for a in entity.aliases if a != entity.name]
    if aliases:
        text.append("\nalso called: " + ", ".join(aliases[:5]))
    return text
