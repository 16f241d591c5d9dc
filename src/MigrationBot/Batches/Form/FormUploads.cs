using System.Collections.Concurrent;
using System.Security.Cryptography;
using MigrationBot.Engine.Secrets;
using MigrationBot.Storage.Protection;

namespace MigrationBot.Batches.Form;

/// <summary>
/// CSV files attached in personal chat, kept for the form they arrived with: encrypted in memory, taken by key, gone
/// after <see cref="Lifetime"/> (a form left unsubmitted for longer asks for the file again). Never stored on disk.
/// </summary>
public sealed class FormUploads(CredentialProtector protector, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, (string Protected, DateTimeOffset Expires)> _uploads = new(StringComparer.Ordinal);

    public string Keep(string csv)
    {
        Sweep();
        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _uploads[key] = (protector.Protect(new Secret(csv)), time.GetUtcNow() + Lifetime);
        return key;
    }

    /// <summary>The CSV kept under <paramref name="key"/>, or null when unknown or expired.</summary>
    public string? Find(string? key)
    {
        Sweep();
        return key is not null && _uploads.TryGetValue(key, out var upload) ? protector.Unprotect(upload.Protected).Reveal() : null;
    }

    public void Forget(string? key)
    {
        if (key is not null)
            _uploads.TryRemove(key, out _);
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (key, upload) in _uploads)
        {
            if (upload.Expires <= now)
                _uploads.TryRemove(key, out _);
        }
    }
}
