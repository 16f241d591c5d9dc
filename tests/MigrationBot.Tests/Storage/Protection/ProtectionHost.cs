using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using MigrationBot.Storage.Protection;

namespace MigrationBot.Tests.Storage.Protection;

/// <summary>One host's worth of services on a SQLite file: building a second one on the same file is a restart.</summary>
internal sealed class ProtectionHost : IDisposable
{
    private readonly ServiceProvider _services;

    /// <param name="settings">More settings (e.g. <c>DataProtection:CertificatePath</c>).</param>
    public ProtectionHost(string sqlitePath, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Store:SqlitePath"] = sqlitePath };
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(all)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new TestEnvironment(Path.GetDirectoryName(sqlitePath)!));
        services.AddLogging();
        services.AddCredentialProtection(configuration);
        _services = services.BuildServiceProvider();
    }

    public CredentialProtector Protector => _services.GetRequiredService<CredentialProtector>();

    public IServiceProvider Services => _services;

    /// <summary>The id of the key a payload was protected with (Data Protection's header: 4-byte magic, then the key id).</summary>
    public static Guid KeyIdOf(string protectedText) => new(WebEncoders.Base64UrlDecode(protectedText).AsSpan(4, 16));

    public void Dispose() => _services.Dispose();

    private sealed class TestEnvironment(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;
        public string ApplicationName { get; set; } = "MigrationBot.Tests";
        public string ContentRootPath { get; set; } = contentRoot;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
