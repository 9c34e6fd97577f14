// @ts-check
/**
 * The host page entry: `/host` is the start page (host-setup.js), `/host/{code}` the control
 * page (host-control.js).
 * @module host
 */

import { roomCodeFromPath } from "./common.js";
import { startControl } from "./host-control.js";
import { startSetup } from "./host-setup.js";

const code = roomCodeFromPath();
if (code) startControl(code);
else startSetup();
