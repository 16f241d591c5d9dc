using System.Text.Json;
using System.Text.Json.Serialization;

namespace MigrationBot.Batches.Storage;

/// <summary>The JSON of stored batch settings (not wire JSON): enums by name, so a stored row reads in any version.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(BatchSettings))]
internal sealed partial class BatchJson : JsonSerializerContext;
