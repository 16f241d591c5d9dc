using System.Text;
using System.Text.Json;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Engine.Csv;

namespace MigrationBot.Batches.Form;

/// <summary>
/// A CSV file sent with <c>start batch NAME</c> in personal chat (Teams' <c>file.download.info</c> attachment):
/// downloaded from its pre-authenticated <c>downloadUrl</c> (no bot token is sent), at most Exchange's 10 MB.
/// Only https, or http to this machine (local test clients), is fetched.
/// </summary>
public sealed class CsvAttachment(IHttpClientFactory clients)
{
    public const string FileDownloadInfo = "application/vnd.microsoft.teams.file.download.info";
    public const string HttpClientName = "csv-attachments";

    /// <summary>The first file attachment of the activity: its name and download URL, or null.</summary>
    public static (string Name, Uri Url)? Find(InboundActivity activity)
    {
        foreach (var attachment in activity.Attachments ?? [])
        {
            if (attachment.ContentType != FileDownloadInfo || attachment.Content is not { ValueKind: JsonValueKind.Object } content)
                continue;
            if (content.TryGetProperty("downloadUrl", out var url) && url.ValueKind == JsonValueKind.String && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri))
                return (attachment.Name ?? "attached file", uri);
        }

        return null;
    }

    /// <summary>The file's text, or the sentence that says why it could not be read.</summary>
    public async Task<(string? Text, string? Problem)> DownloadAsync(Uri url, CancellationToken cancellationToken)
    {
        if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
            return (null, "the file's download link is not https, so I did not fetch it");
        try
        {
            using var http = clients.CreateClient(HttpClientName);
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
                return (null, $"downloading it failed ({(int)response.StatusCode} {response.ReasonPhrase}); attach it again");
            if (response.Content.Headers.ContentLength > MigrationCsv.MaxBytes)
                return (null, "it is larger than 10 MB, Exchange's limit for one batch; split it");
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MigrationCsv.MaxBytes)
                    return (null, "it is larger than 10 MB, Exchange's limit for one batch; split it");
            }

            return (Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
        }
        catch (HttpRequestException ex)
        {
            return (null, $"downloading it failed ({ex.Message}); attach it again");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, "downloading it timed out; attach it again");
        }
    }

    /// <summary>"12 users, 12 passwords (hidden)" or "3 problems: fix the file": what the form says of an attached CSV.</summary>
    public static string Summarise(string text)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var csv = MigrationCsv.Read(stream);
        if (!csv.IsValid)
        {
            using var again = new MemoryStream(Encoding.UTF8.GetBytes(text));
            var withoutPasswords = MigrationCsv.Read(again, CsvPasswords.Forbidden);
            return withoutPasswords.IsValid
                ? $"{withoutPasswords.Rows.Count} users, no passwords: pick an admin credential form"
                : $"{csv.Problems.Count} problem(s): Create batch lists them";
        }

        var passwords = csv.Rows.Count(r => !r.Mailbox.Password.IsEmpty);
        return $"{csv.Rows.Count} users, {passwords} passwords (hidden)";
    }
}
