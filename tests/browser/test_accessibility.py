"""Accessibility, checked by axe-core in headless Chromium, and by the keyboard itself.

axe runs with every WCAG 2.0, 2.1 and 2.2 A/AA rule on every page of the built site, in the light and the
dark palette (the palette follows prefers-color-scheme) and at 390 x 844 on a phone, and on what a reader
opens: the search dialog with results, and the menu on a phone. No rule is ever disabled or excluded: a theme problem is fixed in
docs/assets/explainer.css or overrides/.
"""

from __future__ import annotations

import pytest

from browser_support import AXE, Site, batches_in_tabs, need, press_tab, wait_until_still

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCHEMES = {"light": "default", "dark": "slate"}
# Starts axe and returns at once, so several pages are checked at the same time (two cores).
START_AXE = """tags => { window.axeDone = null;
  axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
     .then(r => window.axeDone = r.violations, e => window.axeDone = [{id: 'axe crashed: ' + e, impact: '', nodes: [{target: '', failureSummary: ''}]}]); }"""


def start_axe(page) -> None:
    need(AXE.is_file(), "node_modules/axe-core (npm ci)")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))  # a <script> tag would be refused by the page's CSP
    wait_until_still(page)
    page.evaluate(START_AXE, TAGS)


def axe_result(page, where: str) -> list[str]:
    """axe's verdict on the page started with start_axe; one line per failing element."""
    violations = page.wait_for_function("() => window.axeDone", timeout=60_000).json_value()
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            summary = " ".join(node["failureSummary"].split())
            lines.append(f"{where}: {violation['id']} ({violation['impact']}) at {node['target']}: {summary}")
    return lines


def axe_violations(page, where: str) -> list[str]:
    start_axe(page)
    return axe_result(page, where)


def load(page, url: str, scheme: str) -> None:
    page.goto(url)
    # Material picks the palette whose media query matches; wait until it has, so we check the right colours.
    page.wait_for_function("s => document.body.dataset.mdColorScheme === s", arg=SCHEMES[scheme])


# Every page is checked three ways: on a desktop in each palette, and on a phone (where the theme's navigation
# and the tables are laid out otherwise, and WCAG 2.2's 24 px targets matter most).
VIEWS = {"light": ("light", {"width": 1280, "height": 900}), "dark": ("dark", {"width": 1280, "height": 900}),
         "phone": ("light", {"width": 390, "height": 844})}


def test_axe_finds_no_violation_on_any_page_light_dark_or_phone(site: Site, server, open_context):
    need(AXE.is_file(), "node_modules/axe-core (npm ci)")
    urls = [server + path for path in site.pages]
    loaded = {}
    for view, (scheme, size) in VIEWS.items():
        context, _ = open_context(server, color_scheme=scheme, viewport=size, has_touch=view == "phone")
        context.add_init_script(path=str(AXE))
        loaded[view] = batches_in_tabs(context, urls, tabs=2)
    problems, checked = [], 0
    # Two pages in each view at a time: axe runs in six tabs at once, which keeps both cores busy.
    for batches in zip(*loaded.values()):
        running = [(view, tab, url) for view, batch in zip(VIEWS, batches) for tab, url in batch]
        for view, tab, _ in running:
            tab.wait_for_function("s => document.body.dataset.mdColorScheme === s", arg=SCHEMES[VIEWS[view][0]])
            start_axe(tab)
        for view, tab, url in running:
            problems += axe_result(tab, f"{url.removeprefix(server)} ({view})")
            checked += 1
    assert checked == len(VIEWS) * len(site.pages)
    assert not problems, f"{len(problems)} accessibility violations:\n" + "\n".join(problems)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_violation_in_search_and_phone_menu(site: Site, server, open_context, scheme):
    context, _ = open_context(server, color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    load(page, server + "index.html", scheme)
    page.keyboard.press("/")  # Material's shortcut that opens search
    page.keyboard.type("depositary")
    page.locator(".md-search-result__item").first.wait_for()
    problems = axe_violations(page, f"search results ({scheme})")
    # The page a search result leads to highlights the words searched for.
    page.locator(".md-search-result__link[href*='h=depositary']").first.click()
    page.wait_for_load_state()
    page.locator(".md-content mark").first.wait_for()
    problems += axe_violations(page, f"{page.url.removeprefix(server)} with highlights ({scheme})")

    phone, _ = open_context(server, color_scheme=scheme, viewport={"width": 360, "height": 740}, has_touch=True)
    page = phone.new_page()
    load(page, server + "index.html", scheme)
    problems += axe_violations(page, f"index.html on a phone ({scheme})")
    page.locator(".ex-header-button[data-ex-for=__drawer]").click()
    problems += axe_violations(page, f"phone menu ({scheme})")
    assert not problems, f"{len(problems)} accessibility violations:\n" + "\n".join(problems)


# Everything a reader can act on; each must be reached by Tab and show where the focus is.
INTERACTIVE = ("a[href], button, input:not([type=hidden]), select, textarea, summary, "
               "[tabindex]:not([tabindex='-1']), [contenteditable=''], [contenteditable=true]")

# Marks every visible control, notes how it looks unfocused, then logs each focus as Tab moves it:
# whether it shows a ring (outline or box-shadow, on it or on its label) and whether something covers it.
PREPARE = r"""selector => {
  // What shows a control: itself, its labels, and the label right after it (Material's hidden radio buttons).
  const faces = el => [el, ...(el.labels || []), ...(el.nextElementSibling?.tagName === 'LABEL' ? [el.nextElementSibling] : [])];
  const look = el => faces(el).map(e => {
    const s = getComputedStyle(e);
    const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : 'none';
    return `${ring} | ${s.boxShadow} | ${s.backgroundColor}`;
  }).join(' || ');
  // Rendered and not hidden; it may be transparent until focused (the skip link, the headings' link signs).
  const visible = e => e.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true}) && e.getClientRects().length > 0;
  const shown = el => visible(el) && faces(el).some(visible) && !el.closest('[inert]') && !el.disabled && el.tabIndex >= 0;
  const radios = new Set();
  const found = [...document.querySelectorAll(selector)].filter(shown).filter(el => {
    if (el.type !== 'radio' || !el.name) return true;   // a radio group is one Tab stop; arrows move inside it
    if (radios.has(el.name)) return false;
    radios.add(el.name);
    return true;
  });
  const rest = found.map(look);
  found.forEach((el, i) => el.dataset.kb = i);
  const animating = node => document.getAnimations().some(a => a.playState === 'running' && a.effect && a.effect.target
    && (a.effect.target === node || a.effect.target.contains(node)));
  window.kbLog = [];
  document.addEventListener('focusin', event => {
    const el = event.target;
    let i = el.dataset.kb;
    if (i === undefined && el.type === 'radio' && el.name) i = document.querySelector(`[name="${el.name}"][data-kb]`)?.dataset.kb;
    const face = faces(el).find(e => visible(e) && e.checkVisibility({opacityProperty: true}) && e.getBoundingClientRect().width > 1) || el;
    const r = face.getBoundingClientRect();
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1), y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    // Footnote tooltips follow the focus and fade; only lasting page parts (the sticky header) count as covering.
    const mine = !top || face.contains(top) || top.contains(face) || animating(top) || top.closest('.md-tooltip2, [role=tooltip]');
    kbLog.push({kb: i ?? null, html: el.outerHTML.slice(0, 120), ring: i === undefined ? null : look(el) !== rest[i],
                covered: mine ? null : top.outerHTML.slice(0, 100)});
  });
  return found.map(el => (el.id ? '#' + el.id : el.tagName.toLowerCase() + '.' + [...el.classList].join('.'))
                         + ' "' + (el.innerText || el.getAttribute('aria-label') || el.title || '').trim().slice(0, 40) + '"');
}"""


# True once focus has left the page or come back to a control it already visited.
TABBED_ROUND = """() => document.activeElement === document.body
  || kbLog.length > 1 && kbLog.slice(0, -1).some(e => e.kb !== null && e.kb === kbLog.at(-1).kb)"""


def test_keyboard_reaches_every_control_with_a_visible_focus(site: Site, server, open_context):
    context, _ = open_context(server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    problems = []
    for path in site.pages:
        page.goto(server + path)
        page.mouse.move(1279, 899)  # no hover styles while we note the unfocused look
        names = page.evaluate(PREPARE, INTERACTIVE)
        page.evaluate("document.activeElement && document.activeElement.blur()")
        # Once round the page (plus a few: the browser's own stops), then 20 at a time until focus comes round again;
        # headings' link signs and the like are extra Tab stops, so allow three times as many.
        pressed, most = len(names) + 5, 3 * len(names) + 30
        press_tab(page, cdp, pressed)
        while not page.evaluate(TABBED_ROUND) and pressed < most:
            press_tab(page, cdp, 20)
            pressed += 20
        reached = set()
        for entry in page.evaluate("kbLog"):
            if entry["kb"] is None:
                problems.append(f"{path}: Tab focuses something readers cannot see: {entry['html']}")
                continue
            if entry["kb"] in reached:
                break  # focus has gone round the page once
            reached.add(entry["kb"])
            name = names[int(entry["kb"])]
            if not entry["ring"]:
                problems.append(f"{path}: no visible focus (outline, box-shadow or background) on {name}")
            if entry["covered"]:
                problems.append(f"{path}: focused {name} is hidden under {entry['covered']}")
        problems += [f"{path}: Tab never reaches {name}" for i, name in enumerate(names) if str(i) not in reached]
    assert not problems, f"{len(problems)} keyboard problems:\n" + "\n".join(problems)


@pytest.mark.parametrize("control, opened", [("__drawer", "nav.md-nav--primary"), ("__search", ".md-search__input")])
def test_phone_menu_and_search_open_from_the_keyboard(site: Site, server, open_context, control, opened):
    """At phone width (or a desktop zoomed in that far) Tab reaches the header's buttons and Enter opens them."""
    phone, _ = open_context(server, viewport={"width": 360, "height": 740})
    page = phone.new_page()
    page.goto(server + "index.html")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches('button.md-header__button[data-ex-for={control}]')"):
            break
    else:
        raise AssertionError(f"Tab never reaches the header's {control} button")
    focused = page.locator(f"button.md-header__button[data-ex-for={control}]")
    assert focused.get_attribute("aria-label")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate(f"document.getElementById('{control}').checked")
    # The drawer slides in: wait until it is on screen.
    page.wait_for_function(f"""() => {{ const r = document.querySelector('{opened}').getBoundingClientRect();
                                         return r.width > 0 && r.left >= -1 && r.left < innerWidth; }}""", timeout=5000)
