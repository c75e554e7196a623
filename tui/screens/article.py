"""One article: its metadata and clean text, claims and entities marked."""

from __future__ import annotations

from dataclasses import dataclass

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
from tui.widgets.article_view import ArticleView, Highlight

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
    facts.append(f"{article.words} words")
    if claims is not None:
        facts.append(f"{claims} claims")
    if article.versions > 1:
        facts.append(f"version {article.version} of {article.versions}")
    facts.append(f"id {article.id[:8]}")
    header = Text(article.title, style="bold")
    header.append("\n")
    header.append(" · ".join(facts), style="dim")
    header.append("\n")
    header.append(article.source, style="dim italic")
    return header


class ArticleScreen(Screen[None]):
    """Shows one article; claims and entities can be marked and walked through."""

    BINDINGS = [
        Binding("enter", "claim_links", "Elsewhere", id="article.links"),
        Binding("n", "next_claim", "Next claim", id="article.next_claim"),
        Binding("N", "previous_claim", "Prev claim", id="article.previous_claim"),
        Binding("h", "toggle_claims", "Claims", id="article.claims"),
        Binding("e", "toggle_entities", "Entities", id="article.entities"),
        Binding("c", "toggle_chrome", "Chrome", id="article.chrome"),
        Binding("m", "edit_metadata", "Metadata", id="article.metadata"),
        Binding("q,escape", "back", "Back", id="article.back"),
    ]

    show_claims: reactive[bool] = reactive(True)
    show_entities: reactive[bool] = reactive(True)
    current_claim: reactive[int] = reactive(-1)

    class Loaded(Message):
        def __init__(self, data: ArticleData) -> None:
            super().__init__()
            self.data = data

    def __init__(self, library: Library, article_id: str, *, at: int | None = None) -> None:
        super().__init__()
        self.library = library
        self.article_id = article_id
        self.start_offset = at
        self.data: ArticleData | None = None

    @property
    def article(self) -> Article | None:
        return self.data.article if self.data else None

    def compose(self) -> ComposeResult:
        with Vertical(id="article"):
            yield Static(id="article-header")
            yield LoadingIndicator()
            yield Static(id="article-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#article-detail", Static).display = False
        self.load()

    @work(thread=True, exclusive=True, group="article-load")
    def load(self) -> None:
        from store.errors import StoreError

        try:
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
        claims = len(data.claims) if data.analysed else None
        self.query_one("#article-header", Static).update(article_header(data.article, claims))
        if first_load:
            await self.query_one(LoadingIndicator).remove()
            view = ArticleView(data.article, id="article-view")
            await self.query_one("#article", Vertical).mount(view, before="#article-detail")
            view.focus()
        self.sub_title = data.article.title
        if not data.analysed:
            self.notify("This article is still being analysed; claims appear when it is done.")
        self._rehighlight()
        if first_load and self.start_offset is not None:
            self.jump_to_offset(self.start_offset)

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
        for view in self.query(ArticleView):
            view.set_highlights(highlights)
        self._show_claim_detail()

    def _show_claim_detail(self) -> None:
        detail = self.query_one("#article-detail", Static)
        if self.data is None or not (0 <= self.current_claim < len(self.data.claims)):
            detail.display = False
            return
        detail.update(claim_detail(self.data.claims[self.current_claim], self.data.entities))
        detail.display = True

    def watch_show_claims(self) -> None:
        self._rehighlight()

    def watch_show_entities(self) -> None:
        self._rehighlight()

    def watch_current_claim(self) -> None:
        self._rehighlight()

    # --- actions -------------------------------------------------------------------

    def jump_to_offset(self, offset: int) -> None:
        """Scroll to ``offset``, selecting the claim there if there is one."""
        if self.data is not None:
            for index, claim in enumerate(self.data.claims):
                if claim.start <= offset < claim.end:
                    self.current_claim = index
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
        self.show_claims = True
        self.current_claim = index
        self.query_one(ArticleView).scroll_to_offset(self.data.claims[index].start)

    def action_next_claim(self) -> None:
        self._step_claim(1)

    def action_previous_claim(self) -> None:
        self._step_claim(-1)

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
                    from tui.screens.glossary import EntityScreen

                    summaries = {a.id: a for a in self.library.list_articles()}
                    self.app.push_screen(EntityScreen(self.library, entity, summaries))
                    return
        for index, claim in enumerate(self.data.claims):
            if claim.start <= event.offset < claim.end:
                self.show_claims = True
                self.current_claim = index
                return

    def action_claim_links(self) -> None:
        """Enter on a claim: where other articles report it, and the entities it names."""
        if self.data is None or not (0 <= self.current_claim < len(self.data.claims)):
            self.notify("Select a claim first with n or N", timeout=2)
            return
        self.find_elsewhere(self.data.claims[self.current_claim])

    @work(thread=True, exclusive=True, group="article-links")
    def find_elsewhere(self, claim: Claim) -> None:
        """Cluster the claims of this article's story (the library if alone) in a worker."""
        from store import results
        from tui.screens.claim_links import ClaimLinks, Elsewhere

        summaries = self.library.list_articles()
        own = next((a for a in summaries if a.id == self.article_id), None)
        story = own.story if own else None
        ids = [a.id for a in summaries if story and a.story == story]
        if len(ids) < 2:
            ids = [a.id for a in summaries]
        if self.article_id not in ids:
            ids.append(self.article_id)
        elsewhere: list[Elsewhere] = []
        if len(ids) >= 2:
            coverage = results.coverage(self.library, ids)
            by_id = {a.id: a for a in summaries}
            for fact in coverage.facts:
                mine = fact.claim_in(self.article_id)
                if mine is None or mine.claim.claim != claim.id:
                    continue
                against = {c for pair in fact.conflicts for c in (pair.a, pair.b)}
                for other in fact.claims:
                    if other.article == self.article_id:
                        continue
                    summary = by_id.get(other.article)
                    elsewhere.append(
                        Elsewhere(
                            article=other.article,
                            title=summary.title if summary else other.article[:8],
                            outlet=summary.outlet if summary else None,
                            text=other.claim.text,
                            start=other.claim.start,
                            conflict=claim.id in against and other.claim.claim in against,
                        )
                    )
        entities = [e for e in (self.data.entities if self.data else ()) if e.id in claim.entities]
        self.app.call_from_thread(
            self.app.push_screen, ClaimLinks(claim, elsewhere, entities), self._follow_link
        )

    def _follow_link(self, choice: object) -> None:
        if choice is None:
            return
        entity = getattr(choice, "entity", None)
        if entity is not None:
            from tui.screens.glossary import EntityScreen

            summaries = {a.id: a for a in self.library.list_articles()}
            self.app.push_screen(EntityScreen(self.library, entity, summaries))
            return
        article = getattr(choice, "article", None)
        if article is not None:
            start = getattr(choice, "start", 0)
            self.app.push_screen(ArticleScreen(self.library, article, at=start))

    def action_edit_metadata(self) -> None:
        if self.data is None:
            return
        from tui.screens.metadata import MetadataDialog, MetadataEdit

        def save(edit: MetadataEdit | None) -> None:
            if edit is not None:
                self.save_metadata(edit)

        self.app.push_screen(MetadataDialog(self.data.article), save)

    @work(thread=True, exclusive=True, group="article-metadata")
    def save_metadata(self, edit: object) -> None:
        """Store the new metadata, then re-analyse: relative dates hang on the date."""
        from store import results

        title = getattr(edit, "title", "")
        outlet = getattr(edit, "outlet", "")
        published = getattr(edit, "published", "")
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

    def action_back(self) -> None:
        if self.current_claim >= 0:
            self.current_claim = -1  # first escape leaves claim mode
            return
        self.app.pop_screen()


def claim_detail(claim: Claim, entities: tuple[Entity, ...]) -> Text:
    """The selected claim's analysis, one line each: source, hedges, numbers, dates."""
    names = {e.id: e.name for e in entities}
    text = Text()
    kind = claim.kind + (" (caption)" if claim.block_role == "caption" else "")
    text.append(kind, style="bold")
    if claim.attribution and claim.attribution.source:
        verb = claim.attribution.verb or "says"
        text.append(f" · {claim.attribution.source} ({verb})")
    elif claim.attribution:
        text.append(f" · unnamed source ({claim.attribution.verb or 'reportedly'})")
    if claim.negated:
        text.append(" · negated", style="bold")
    if claim.hedges:
        text.append(" · hedged: " + ", ".join(claim.hedges))
    for q in claim.quantities:
        qualifier = "" if q.qualifier == "exact" else q.qualifier.replace("_", " ") + " "
        unit = f" {q.unit}" if q.unit else (f" {q.counted}" if q.counted else "")
        text.append(f"\nquantity: {q.text} → {qualifier}{q.value:g}{unit}")
    for t in claim.times:
        text.append(f"\ntime: {t.text} → {t.value or 'unresolved'}")
    if claim.entities:
        text.append("\nentities: " + ", ".join(names.get(i, i) for i in claim.entities))
    if claim.caption_of:
        text.append("\nthis caption repeats a body claim")
    return text
