// Placeholder of the upload page (replaced by the page's own scripts).
document.getElementById("status").textContent = "The upload page is not built into this plugin yet.";
