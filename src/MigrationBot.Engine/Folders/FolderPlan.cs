using System.Text;

namespace MigrationBot.Engine.Folders;

/// <summary>The mapping of every source folder to the target, shown before any copy.</summary>
public sealed record FolderPlan(IReadOnlyList<FolderMapping> Folders)
{
    public IEnumerable<FolderMapping> Migrated => Folders.Where(f => f.IsMigrated);

    /// <summary>The plan as text, one folder per line: <c>source  →  target  (note)</c>.</summary>
    public string Render()
    {
        var width = Folders.Count == 0 ? 0 : Folders.Max(f => f.Source.DisplayPath.Length);
        var text = new StringBuilder();
        foreach (var folder in Folders)
        {
            text.Append("  ").Append(folder.Source.DisplayPath.PadRight(width)).Append("  ");
            if (folder.IsMigrated)
            {
                text.Append("-> ").Append(folder.TargetName);
                if (folder.Note is not null)
                    text.Append("  (").Append(folder.Note).Append(')');
            }
            else
            {
                text.Append("-- not migrated: ").Append(folder.SkipReason);
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
