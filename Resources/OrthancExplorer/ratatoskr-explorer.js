// Ratatoskr buttons for the legacy Orthanc Explorer (/app/explorer.html), added on the study page.
// The plugin replaces RATATOSKR_BUTTONS with the buttons of its configuration (default profile and
// one "Send to ..." per destination). Orthanc Explorer 2 uses Resources/OE2/CustomButtons.json instead.
(function () {
  var buttons = RATATOSKR_BUTTONS;

  function start(button, studyId) {
    $.ajax({
      url: '../ratatoskr/studies/' + studyId + '/' + button.Action,
      type: 'POST',
      contentType: 'application/json',
      data: JSON.stringify(button.Payload),
      dataType: 'json',
      success: function (job) {
        alert('Ratatoskr: job ' + job.ID + ' started. Follow it under Jobs, or at ../ratatoskr/jobs/' + job.ID);
      },
      error: function (xhr) {
        var message = xhr.statusText;
        try { message = JSON.parse(xhr.responseText).Message; } catch (e) { }
        alert('Ratatoskr: ' + message);
      }
    });
  }

  $('#study').live('pagebeforeshow', function () {
    $('.ratatoskr-button').remove();
    var studyId = $.mobile.pageData.uuid;
    var anchor = $('#study-delete').length ? $('#study-delete') : $('#study-info');
    buttons.slice().reverse().forEach(function (button) {
      var b = $('<a>')
        .attr('data-role', 'button').attr('href', '#').attr('data-icon', 'forward').attr('data-theme', 'e')
        .addClass('ratatoskr-button')
        .text(button.Label)
        .button()
        .click(function (e) { e.preventDefault(); start(button, studyId); });
      b.insertAfter(anchor);
    });
  });
})();
