using MigrationBot.Hosting;

// `--probe URL` is the container's HEALTHCHECK: it asks the running host and exits, without starting one.
if (HealthProbe.IsProbe(args))
    return await HealthProbe.RunAsync(args, Console.Out, CancellationToken.None);

// Everything is composed in BotApp.Create so the end-to-end tests build exactly the same app.
var app = BotApp.Create(args);
await app.RunAsync();
return 0;
