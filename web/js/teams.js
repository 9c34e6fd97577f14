// @ts-check
/**
 * Teams on every page: the phone's team picker, the team leaderboard (phones, projector and
 * host), the teams with their players in the projector's lobby, and the host's team controls.
 * A team's number is its place in `room.teams`; its colour is the option colour of that number.
 * @module teams
 */

import { h } from "./dom.js";
import { formatScore, plural } from "./common.js";
import { colourClass } from "./shapes.js";

/**
 * @typedef {{rank: number, team: number, name: string, score: number, members: number}} TeamRow
 * @typedef {{id: string, nickname: string, team?: number | null}} TeamPlayer
 */

/** Default names when the host picks a number of teams. */
export const TEAM_NAMES = ["Owls", "Foxes", "Otters", "Hares", "Ravens", "Badgers", "Lynxes", "Wolves"];

/**
 * The phone's picker: one button per team; the player's own is marked.
 * @param {string[]} teams
 * @param {number | null | undefined} mine
 * @param {(team: number) => void} pick
 * @returns {HTMLElement}
 */
export function teamPicker(teams, mine, pick) {
  return h(
    "div",
    { class: "team-picker" },
    h("p", { class: "label" }, mine === null || mine === undefined ? "Pick your team" : "Your team"),
    h(
      "div",
      { class: "team-buttons", role: "group", "aria-label": "Teams" },
      teams.map((name, i) =>
        h(
          "button",
          {
            type: "button",
            class: `team-button ${colourClass(i)}${mine === i ? " is-mine" : ""}`,
            "aria-pressed": String(mine === i),
            onclick: () => pick(i),
          },
          name,
        ),
      ),
    ),
  );
}

/**
 * A small chip with the player's team.
 * @param {string[] | undefined} teams
 * @param {number | null | undefined} mine
 * @returns {HTMLElement | null}
 */
export function teamChip(teams, mine) {
  if (!teams || mine === null || mine === undefined || !teams[mine]) return null;
  return h("span", { class: `team-chip ${colourClass(mine)}` }, teams[mine]);
}

/**
 * The team leaderboard: rank, name, mean score and how many players.
 * @param {TeamRow[]} rows
 * @param {number | null | undefined} [mine] the viewer's team, marked
 * @returns {HTMLElement | null}
 */
export function teamBoard(rows, mine) {
  if (!rows.length) return null;
  return h(
    "ol",
    { class: "team-board", "aria-label": "Teams" },
    rows.map((row) =>
      h(
        "li",
        { class: `team-row ${colourClass(row.team)}${row.team === mine ? " is-mine" : ""}` },
        h("span", { class: "lb-rank" }, String(row.rank)),
        h("span", { class: "team-name" }, row.name),
        h("span", { class: "team-members muted" }, plural(row.members, "player")),
        h("span", { class: "lb-score" }, formatScore(row.score)),
      ),
    ),
  );
}

/**
 * The projector's lobby: each team with its players, and those without a team.
 * @param {string[]} teams
 * @param {TeamPlayer[]} players
 * @returns {HTMLElement}
 */
export function teamColumns(teams, players) {
  const none = players.filter((p) => p.team === null || p.team === undefined);
  return h(
    "div",
    { class: "team-columns" },
    teams.map((name, i) => {
      const members = players.filter((p) => p.team === i);
      return h(
        "section",
        { class: `team-column ${colourClass(i)}` },
        h("h2", { class: "team-title" }, name, h("small", null, ` ${members.length}`)),
        h("ul", { class: "chips" }, members.slice(0, 24).map((p) => h("li", { class: "chip" }, p.nickname))),
      );
    }),
    none.length ? h("p", { class: "muted team-none" }, `${plural(none.length, "player")} without a team yet`) : null,
  );
}
