#include "fw/dfu/protocol.hpp"
#include "fw/dfu/target.hpp"

namespace fw::dfu {

const char* state_name(State state) {
    switch (state) {
        case State::app_idle: return "appIDLE";
        case State::app_detach: return "appDETACH";
        case State::dfu_idle: return "dfuIDLE";
        case State::dnload_sync: return "dfuDNLOAD-SYNC";
        case State::dnbusy: return "dfuDNBUSY";
        case State::dnload_idle: return "dfuDNLOAD-IDLE";
        case State::manifest_sync: return "dfuMANIFEST-SYNC";
        case State::manifest: return "dfuMANIFEST";
        case State::manifest_wait_reset: return "dfuMANIFEST-WAIT-RESET";
        case State::upload_idle: return "dfuUPLOAD-IDLE";
        case State::error: return "dfuERROR";
    }
    return "unknown state";
}

const char* status_name(Status status) {
    switch (status) {
        case Status::ok: return "OK";
        case Status::err_target: return "errTARGET";
        case Status::err_file: return "errFILE";
        case Status::err_write: return "errWRITE";
        case Status::err_erase: return "errERASE";
        case Status::err_check_erased: return "errCHECK_ERASED";
        case Status::err_prog: return "errPROG";
        case Status::err_verify: return "errVERIFY";
        case Status::err_address: return "errADDRESS";
        case Status::err_notdone: return "errNOTDONE";
        case Status::err_firmware: return "errFIRMWARE";
        case Status::err_vendor: return "errVENDOR";
        case Status::err_usbr: return "errUSBR";
        case Status::err_por: return "errPOR";
        case Status::err_unknown: return "errUNKNOWN";
        case Status::err_stalledpkt: return "errSTALLEDPKT";
    }
    return "unknown status";
}

const char* reason_name(ImageReason reason) {
    switch (reason) {
        case ImageReason::ok: return "ok";
        case ImageReason::truncated: return "truncated";
        case ImageReason::bad_magic: return "bad_magic";
        case ImageReason::bad_header: return "bad_header";
        case ImageReason::too_large: return "too_large";
        case ImageReason::bad_tlv: return "bad_tlv";
        case ImageReason::bad_hash: return "bad_hash";
        case ImageReason::unknown_key: return "unknown_key";
        case ImageReason::bad_signature: return "bad_signature";
        case ImageReason::rollback: return "rollback";
        case ImageReason::flash_error: return "flash_error";
    }
    return "unknown reason";
}

}  // namespace fw::dfu
