// Starts GOV.UK Frontend's components (menus, error summary focus); pages work without it.
import { initAll } from "./govuk-frontend.min.js";

initAll();
