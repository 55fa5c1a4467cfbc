// The browser app: a hash router (#/path) over pages that each render into <main>. The header
// carries the navigation for the caller's roles and the language switch (zh-TW / English).
import "./style.css";
import { ApiError } from "./api";
import { showError } from "./ui";
import { clear, h } from "./dom";
import { lang, setLang, t } from "./i18n";
import * as session from "./session";
import { routes } from "./routes";
import { disposeCharts } from "./charts";

const main = document.getElementById("main")!;
const top = document.getElementById("top")!;

function header(): void {
  clear(top);
  const user = session.current();
  const nav: HTMLElement[] = [];
  if (user) {
    nav.push(h("a", { href: "#/" }, t("nav.home")));
    nav.push(h("a", { href: "#/programs", id: "nav-programs" }, t("nav.programs")));
    if (session.hasRole("verifier")) nav.push(h("a", { href: "#/verify" }, t("nav.verify")));
    const own = session.ownOrg();
    if (session.hasRole("factory") && own !== null) {
      nav.push(h("a", { href: `#/org/${own}/footprints`, id: "nav-footprints" }, t("nav.footprints")));
    }
    if (session.hasRole("supplier")) nav.push(h("a", { href: "#/supply", id: "nav-supply" }, t("nav.supply")));
    if (session.hasRole("administrator")) {
      nav.push(h("a", { href: "#/admin" }, t("nav.admin")));
      nav.push(h("a", { href: "#/audit" }, t("nav.audit")));
    }
  }
  top.append(
    h(
      "div",
      { class: "bar" },
      h("a", { class: "brand", href: "#/" }, t("app.name")),
      h("nav", { "aria-label": t("nav.label") }, nav),
      h(
        "div",
        { class: "bar-end" },
        h(
          "button",
          {
            class: "link",
            id: "lang-switch",
            lang: lang() === "zh-TW" ? "en" : "zh-TW",
            onclick: () => {
              setLang(lang() === "zh-TW" ? "en" : "zh-TW");
              void render();
            },
          },
          lang() === "zh-TW" ? "English" : "中文",
        ),
        user ? h("span", { class: "who" }, user.name || user.login) : null,
        user
          ? h(
              "button",
              {
                class: "link",
                id: "logout",
                onclick: async () => {
                  try {
                    await session.logout();
                  } finally {
                    location.hash = "#/login";
                  }
                },
              },
              t("nav.logout"),
            )
          : null,
      ),
    ),
  );
}

async function render(): Promise<void> {
  document.documentElement.lang = lang();
  document.title = t("app.title");
  skip.textContent = t("app.skip");
  const path = location.hash.replace(/^#/, "") || "/";
  try {
    if (!session.current() && path !== "/login") await session.refresh();
  } catch (error) {
    header();
    main.replaceChildren();
    showError(main, error);
    return;
  }
  header();
  clear(main);
  if (!session.current() && path !== "/login") {
    location.hash = "#/login";
    return;
  }
  // Each render fills a fresh container: a slower render of the page the user has just left
  // keeps writing into its own detached container, never into the page now shown.
  disposeCharts();
  const view = h("div", { class: "view" });
  main.replaceChildren(view);
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    try {
      await route.render(view, ...match.slice(1));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        location.hash = "#/login";
        return;
      }
      showError(view, error);
    }
    if (!view.contains(document.activeElement)) main.focus({ preventScroll: true });
    return;
  }
  view.append(h("h1", null, t("page.not_found")));
}

// "Skip to content" for keyboard users: a button (a #main link would go through the router).
const skip = document.getElementById("skip")!;
skip.addEventListener("click", () => main.focus());

window.addEventListener("hashchange", () => void render());
void render();
