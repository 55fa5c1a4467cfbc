// Log in with e-mail and password. A wrong password, a locked account and too many attempts are
// told apart by the server's code; the typed login stays in the form.
import { ApiError } from "../api";
import { field, h, setFieldError } from "../dom";
import { t } from "../i18n";
import * as session from "../session";

export function loginPage(main: HTMLElement): void {
  const login = h("input", { type: "email", name: "login", autocomplete: "username", required: true });
  const password = h("input", {
    type: "password",
    name: "password",
    autocomplete: "current-password",
    required: true,
  });
  const submit = h("button", { type: "submit", class: "primary" }, t("login.submit"));
  const form = h(
    "form",
    { class: "card narrow", novalidate: true },
    h("h1", null, t("login.title")),
    h("p", { class: "lead" }, t("login.lead")),
    field("login-email", t("login.email"), login),
    field("login-password", t("login.password"), password),
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    setFieldError("login-email", "");
    setFieldError("login-password", "");
    if (!login.value.trim()) return setFieldError("login-email", t("login.need_email"));
    if (!password.value) return setFieldError("login-password", t("login.need_password"));
    submit.disabled = true;
    try {
      await session.login(login.value.trim(), password.value);
      location.hash = "#/";
    } catch (error) {
      const code = error instanceof ApiError ? error.code : "";
      const message =
        code === "auth.rate_limited"
          ? t("login.rate_limited")
          : code === "auth.invalid_credentials"
            ? t("login.wrong")
            : String(error instanceof Error ? error.message : error);
      setFieldError("login-password", message);
    } finally {
      submit.disabled = false;
    }
  });
  main.append(form);
  login.focus();
}
