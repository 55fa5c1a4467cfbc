// The program office's administration: organizations, users and their roles (an invited user
// gets a first password to change), and which factories each consultancy looks after.
import * as api from "../api";
import { field, h, setFieldError } from "../dom";
import { t } from "../i18n";
import * as session from "../session";
import { busy, showError, status } from "../ui";

const roles = ["factory", "consultant", "verifier", "supplier", "administrator"];
const kinds = ["factory", "consultancy", "verifier", "supplier", "program"];

/// A refusal at the field the server names, else under the form.
function refuse(form: HTMLElement, prefix: string, error: unknown): void {
  const name = error instanceof api.ApiError ? error.where.field : undefined;
  if (name && document.getElementById(`${prefix}-${name}`)) setFieldError(`${prefix}-${name}`, (error as Error).message);
  else showError(form, error);
}

export async function adminPage(main: HTMLElement): Promise<void> {
  const [orgs, users] = await Promise.all([
    session.organizations(),
    api.get<{ items: session.User[] }>("/users").then((u) => u.items),
  ]);
  const orgName = (id: number | null) => orgs.find((o) => o.id === id)?.name ?? "—";
  main.append(h("h1", null, t("admin.title")));

  // Organizations.
  const orgKind = h("select", null, kinds.map((k) => h("option", { value: k }, t(`kind.${k}` as "kind.factory"))));
  const orgNameInput = h("input", { required: true });
  const orgTax = h("input", { inputmode: "numeric", maxlength: 8 });
  const addOrg = h("button", { class: "primary", id: "org-add" }, t("admin.add_org"));
  const orgForm = h("section", { class: "card", id: "org-form" }, h("h2", null, t("admin.orgs")),
    h("table", { class: "grid", id: "org-list" }, h("tbody", null, orgs.map((o) => h("tr", null,
      h("td", null, String(o.id)), h("td", null, t(`kind.${o.kind}` as "kind.factory")), h("td", null, h("a", { href: `#/org/${o.id}` }, o.name)))))),
    field("neworg-kind", t("admin.kind"), orgKind), field("neworg-name", t("setup.org_name"), orgNameInput),
    field("neworg-tax_id", t("setup.tax_id"), orgTax), addOrg);
  addOrg.addEventListener("click", busy(addOrg, async () => {
    setFieldError("neworg-name", "");
    if (!orgNameInput.value.trim()) return setFieldError("neworg-name", t("setup.need_name"));
    try {
      await api.post("/orgs", { kind: orgKind.value, name: orgNameInput.value.trim(), ...(orgTax.value.trim() ? { tax_id: orgTax.value.trim() } : {}) });
      location.reload();
    } catch (error) {
      refuse(orgForm, "neworg", error);
    }
  }));

  // Users: invite one with a first password and a role in an organization.
  const email = h("input", { type: "email", required: true });
  const name = h("input", { required: true });
  const password = h("input", { type: "text", value: firstPassword(), autocomplete: "off" });
  const role = h("select", null, roles.map((r) => h("option", { value: r }, t(`role.${r}` as "role.factory"))));
  const org = h("select", null, orgs.map((o) => h("option", { value: o.id }, o.name)));
  const invite = h("button", { class: "primary", id: "user-invite" }, t("admin.invite"));
  const userForm = h("section", { class: "card", id: "user-form" }, h("h2", null, t("admin.users")),
    h("table", { class: "grid", id: "user-list" },
      h("thead", null, h("tr", null, [t("admin.email"), t("admin.name"), t("admin.roles")].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, users.map((u) => h("tr", null, h("td", null, u.email), h("td", null, u.name),
        h("td", null, u.memberships.map((m) => `${t(`role.${m.role}` as "role.factory")} @ ${orgName(m.organization_id)}`).join("; ")))))),
    h("h3", null, t("admin.invite_title")),
    field("invite-email", t("admin.email"), email), field("invite-name", t("admin.name"), name),
    field("invite-password", t("admin.first_password"), password, t("admin.first_password_hint")),
    field("invite-role", t("admin.role"), role), field("invite-organization_id", t("admin.organization"), org), invite);
  invite.addEventListener("click", busy(invite, async () => {
    for (const id of ["invite-email", "invite-name", "invite-password"]) setFieldError(id, "");
    if (!email.value.includes("@")) return setFieldError("invite-email", t("admin.need_email"));
    if (!name.value.trim()) return setFieldError("invite-name", t("admin.need_name"));
    try {
      await api.post("/users", { email: email.value.trim(), name: name.value.trim(), password: password.value, role: role.value,
        ...(role.value === "administrator" ? {} : { organization_id: Number(org.value) }) });
      userForm.append(status(t("admin.invited", { email: email.value.trim(), password: password.value })));
    } catch (error) {
      if (error instanceof api.ApiError && error.code === "auth.weak_password") setFieldError("invite-password", error.message);
      else if (error instanceof api.ApiError && error.code === "store.conflict") setFieldError("invite-email", t("admin.email_taken"));
      else refuse(userForm, "invite", error);
    }
  }));

  // Assignments: a consultancy looks after a factory.
  const consultancy = h("select", { id: "assign-consultancy" }, orgs.filter((o) => o.kind === "consultancy").map((o) => h("option", { value: o.id }, o.name)));
  const factory = h("select", { id: "assign-factory" }, orgs.filter((o) => o.kind === "factory").map((o) => h("option", { value: o.id }, o.name)));
  const assign = h("button", { class: "primary", id: "assign" }, t("admin.assign"));
  const assignForm = h("section", { class: "card", id: "assign-form" }, h("h2", null, t("admin.assignments")),
    h("div", { class: "actions" }, h("label", { for: "assign-consultancy" }, t("kind.consultancy")), consultancy,
      h("label", { for: "assign-factory" }, t("kind.factory")), factory, assign));
  assign.addEventListener("click", busy(assign, async () => {
    try {
      await api.post("/assignments", { consultancy_id: Number(consultancy.value), factory_id: Number(factory.value) });
      assignForm.append(status(t("admin.assigned")));
    } catch (error) {
      showError(assignForm, error);
    }
  }));

  main.append(userForm, orgForm, assignForm);
}

/// A first password of four random words' worth of letters (the user changes it).
function firstPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => "abcdefghjkmnpqrstuvwxyz23456789"[b % 31]).join("").replace(/(.{4})(?!$)/g, "$1-");
}
