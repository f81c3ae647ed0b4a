// Marks the page as having JavaScript before it draws (GOV.UK Frontend's convention), from a file
// rather than inline, so the Content Security Policy needs no 'unsafe-inline' script.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
