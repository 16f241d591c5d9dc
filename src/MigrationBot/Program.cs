using MigrationBot.Hosting;

// Everything is composed in BotApp.Create so the end-to-end tests build exactly the same app.
var app = BotApp.Create(args);
app.Run();
