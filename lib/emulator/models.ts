// The emulator answers from the same model list the upload checks warn against (lib/models/).
export { resolveModel } from "../models/catalogue";
