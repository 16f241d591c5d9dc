namespace MigrationBot.Engine.Reports;

/// <summary>
/// A message that was copied without some of its keywords, because the target folder cannot store them
/// (Exchange Online's PERMANENTFLAGS have no <c>\*</c>). The ledger keeps the same list.
/// </summary>
/// <param name="Keywords">The keywords left out, space separated.</param>
public sealed record UnstoredKeywords(string Folder, uint Uid, string Keywords);
