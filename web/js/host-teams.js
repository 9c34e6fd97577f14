// @ts-check
/**
 * Teams on the host's control page: play in 2, 3 or 4 teams (or with names of your own, one per
 * line), balance them, or play without; each player's team is picked in the players list.
 * Host commands `teams`, `balance_teams`, `assign_team` (docs/protocol.md).
 * @module host-teams
 */

import { h, replace } from "./dom.js";
import { TEAM_NAMES, teamBoard } from "./teams.js";

/**
 * @typedef {(action: string, extra?: Record<string, any>) => void} Command
 * @typedef {import("./host-common.js").HostState} HostState
 */

/** @type {{box: HTMLElement | null, signature: string}} */
const ui = { box: null, signature: "" };

/**
 * @param {Command} command
 * @returns {HTMLElement}
 */
export function buildTeams(command) {
  ui.box = h("div", { class: "teams-now" });
  const names = h("textarea", { class: "input", rows: "2", id: "team-names", placeholder: "Or your own names, one per line", "aria-label": "Team names, one per line" });
  const own = h("button", { type: "button", class: "btn btn-secondary btn-small" }, "Use these names");
  own.addEventListener("click", () => {
    const list = names.value
      .split("\n")
      .map((n) => n.trim())
      .filter(Boolean);
    command("teams", { names: list });
  });
  return h(
    "details",
    { class: "teams-panel" },
    h("summary", null, "Teams"),
    h(
      "div",
      { class: "quick-buttons" },
      [2, 3, 4].map((n) => h("button", { type: "button", class: "btn btn-secondary btn-small", onclick: () => command("teams", { names: TEAM_NAMES.slice(0, n) }) }, `${n} teams`)),
      h("button", { type: "button", class: "btn btn-ghost btn-small", onclick: () => command("teams", { names: [] }) }, "No teams"),
    ),
    names,
    own,
    ui.box,
  );
}

/**
 * @param {HostState} s
 * @param {Command} command
 */
export function renderTeams(s, command) {
  if (!ui.box) return;
  const teams = s.room.teams || [];
  const signature = JSON.stringify([teams, s.team_leaderboard || null]);
  if (signature === ui.signature) return;
  ui.signature = signature;
  if (!teams.length) {
    replace(ui.box, h("p", { class: "muted small" }, "Playing without teams."));
    return;
  }
  replace(
    ui.box,
    h("p", { class: "muted small" }, `Teams: ${teams.join(", ")}. Players pick one on their phone; a team scores the mean of its players.`),
    h("button", { type: "button", class: "btn btn-primary btn-small", onclick: () => command("balance_teams") }, "Balance teams"),
    s.team_leaderboard ? teamBoard(s.team_leaderboard) : null,
  );
}

/**
 * A player's team, changeable from the players list.
 * @param {string[]} teams
 * @param {{id: string, nickname: string, team?: number | null}} player
 * @param {Command} command
 * @returns {HTMLElement}
 */
export function teamSelect(teams, player, command) {
  const select = h(
    "select",
    { class: "input team-select", "aria-label": `${player.nickname}'s team` },
    h("option", { value: "", selected: player.team === null || player.team === undefined }, "no team"),
    teams.map((name, i) => h("option", { value: String(i), selected: player.team === i }, name)),
  );
  select.addEventListener("change", () => {
    command("assign_team", select.value === "" ? { player: player.id } : { player: player.id, team: Number(select.value) });
  });
  return select;
}
