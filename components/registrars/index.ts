export { REGISTRAR_GUIDES, type RecordConventions, type RegistrarGuide } from "./guides";
export {
  type NameserverInstructions,
  nameserverInstructions,
  renderNameserverInstructions,
} from "./nameservers";
export { type RegistrarRecord, registrarRecords, renderRegistrarRecords } from "./records";
