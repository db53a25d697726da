// wbl_match's own scripts. Served from this origin only; the CSP allows no inline script.
"use strict";
