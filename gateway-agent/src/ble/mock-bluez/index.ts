/**
 * A mock BlueZ for tests: a private dbus-daemon, `org.bluez` served by dbus-next, and scenario
 * devices. node-ble runs unchanged against it; only the radio is fake. See docs/ble.md.
 */
export { startPrivateBus, type PrivateBus, type PrivateBusOptions } from './private-bus.ts';
export { createMockBluez, type MockBluez, type MockBluezOptions } from './mock-bluez.ts';
export { MockAdapter } from './adapter.ts';
export { MockDevice, type MockDeviceSpec, type MockPairing, type AgentRef } from './device.ts';
export { MockCharacteristic, MockService, type CharFlag, type DeviceHandle, type MockCharacteristicSpec, type MockServiceSpec } from './gatt.ts';
export { bluezError, MockInterface, ObjectTree, type InterfaceSpec } from './dbus-object.ts';
export { glucoseMeter, glucoseRecord, type GlucoseMeter, type GlucoseMeterOptions } from './scenarios/glucose-meter.ts';
export { bloodPressureCuff, type BloodPressureCuff, type BloodPressureCuffOptions } from './scenarios/blood-pressure-cuff.ts';
export {
  batteryService,
  decodeExactTime,
  DeviceClock,
  deviceInformationService,
  encodeExactTime,
  healthDevice,
  type DeviceClockOptions,
  type HealthDeviceOptions,
} from './scenarios/standard-services.ts';
export { collect, nextEvent, startMockBluezBed, testTransport, useMockBluez, withTransport, type MockBluezBed } from './harness.ts';
