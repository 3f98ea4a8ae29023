import { importCasesCommand } from './import-cases.command';
import { importOpen311Command } from './import-open311.command';
import { importRegionsCommand } from './import-regions.command';
import type { ImportCommands } from './import.command';

/**
 * The registered `import` sub-commands. To add one: write cli/import-<kind>.command.ts exporting an ImportCommand
 * and add one line here (cases: I1, regions: I2, open311: I3).
 */
export const IMPORT_COMMANDS: ImportCommands = {
  cases: importCasesCommand,
  regions: importRegionsCommand,
  open311: importOpen311Command,
};
